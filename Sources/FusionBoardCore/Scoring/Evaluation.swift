#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Classification metrics for labelled sets.
public enum Metrics {
    /// Area under the ROC curve (Mann–Whitney; ties count one half). NaN when a class is missing.
    public static func auroc(scores: [Double], labels: [Int]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositive = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] == 1 { rankSumPositive += rank }
            i = j + 1
        }
        let p = Double(labels.filter { $0 == 1 }.count), n = Double(labels.count) - p
        guard p > 0, n > 0 else { return .nan }
        return (rankSumPositive - p * (p + 1) / 2) / (p * n)
    }

    /// Area under the precision–recall curve as average precision (ties handled as one step).
    public static func auprc(scores: [Double], labels: [Int]) -> Double {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let positives = Double(labels.filter { $0 == 1 }.count)
        guard positives > 0 else { return .nan }
        var tp = 0.0, fp = 0.0, ap = 0.0, lastRecall = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            for k in i...j { if labels[order[k]] == 1 { tp += 1 } else { fp += 1 } }
            let recall = tp / positives, precision = tp / (tp + fp)
            ap += (recall - lastRecall) * precision
            lastRecall = recall
            i = j + 1
        }
        return ap
    }

    /// Counts at a decision (predicted driver or not).
    public struct Confusion: Sendable {
        public var tp = 0, fp = 0, tn = 0, fn = 0
        public var precision: Double { tp + fp == 0 ? .nan : Double(tp) / Double(tp + fp) }
        public var recall: Double { tp + fn == 0 ? .nan : Double(tp) / Double(tp + fn) }
        public var accuracy: Double { Double(tp + tn) / Double(max(1, tp + fp + tn + fn)) }
        public var f1: Double { tp == 0 ? 0 : 2 * Double(tp) / Double(2 * tp + fp + fn) }
    }

    public static func confusion(predicted: [Bool], labels: [Int]) -> Confusion {
        var c = Confusion()
        for (p, l) in zip(predicted, labels) {
            switch (p, l == 1) {
            case (true, true): c.tp += 1
            case (true, false): c.fp += 1
            case (false, false): c.tn += 1
            case (false, true): c.fn += 1
            }
        }
        return c
    }

    /// Percentile bootstrap 95% interval of the AUROC (resampling rows, fixed seed).
    public static func aurocInterval(scores: [Double], labels: [Int], resamples: Int = 1000, seed: UInt64 = 7) -> (Double, Double) {
        guard Set(labels).count == 2 else { return (.nan, .nan) }
        var rng = SeededGenerator(seed: seed)
        var values: [Double] = []
        var s = [Double](repeating: 0, count: scores.count), l = [Int](repeating: 0, count: labels.count)
        for _ in 0..<resamples {
            for i in scores.indices {
                let j = Int(rng.next() % UInt64(scores.count))
                s[i] = scores[j]
                l[i] = labels[j]
            }
            let a = auroc(scores: s, labels: l)
            if !a.isNaN { values.append(a) }
        }
        values.sort()
        guard !values.isEmpty else { return (.nan, .nan) }
        return (values[Int(0.025 * Double(values.count))], values[min(values.count - 1, Int(0.975 * Double(values.count)))])
    }
}

/// A labelled row turned into model features.
public struct LabelledExample: Sendable {
    public var row: LabelledFusion
    public var features: FeatureVector
    /// The fusion the annotator built for the row, or nil when the fallback features were used.
    public var fusion: FusionCandidate?
    /// Why the row fell back (liftover gap, gene not in the gene model, no 5′→3′ fusion across the breakpoints),
    /// or which other genes the breakpoints joined when the named ones formed no fusion.
    public var fallbackReason: String?

    public var trainingExample: TrainingExample {
        TrainingExample(features: features, label: row.label, gene5: row.gene5, gene3: row.gene3)
    }
}

/// Reads labelled tables and annotates every row into features, so metrics cover every row:
/// a row that cannot be annotated still gets fallback features with its unknown indicators set.
public final class LabelledSetLoader {
    let kb: KnowledgeBase
    let annotator: Annotator
    let liftover: Liftover?
    let extractor: FeatureExtractor

    public init(knowledgeBase: KnowledgeBase, profile: KnowledgeProfile? = nil, liftover: Liftover? = nil) throws {
        kb = knowledgeBase
        annotator = try Annotator(knowledgeBase: knowledgeBase)
        self.liftover = try liftover ?? knowledgeBase.liftover()
        extractor = try FeatureExtractor(knowledgeBase: knowledgeBase, restrictTo: profile)
    }

    /// The knowledge profile the features were computed with.
    public var profile: KnowledgeProfile { extractor.profile }

    public func load(_ path: String) throws -> [LabelledExample] {
        let rows = try LabelledReader(path: path, liftover: liftover).readRows()
        // One read transaction for the whole table (the knowledge base locked once, not per query).
        return try kb.db.reading { try rows.map(example) }
    }

    func example(_ row: LabelledFusion) throws -> LabelledExample {
        guard var junction = row.junction else {
            return LabelledExample(
                row: row, features: try extractor.fallback(gene5: row.gene5, gene3: row.gene3, breakend5: nil, breakend3: nil, svType: nil),
                fusion: nil, fallbackReason: row.problem ?? "no junction")
        }
        var fusion = try annotator.annotate(junction).fusions.first
        if fusion == nil {
            // The table may use an older symbol than the gene model: retry with the current symbols.
            let current5 = try kb.gene(named: row.gene5)?.symbol ?? row.gene5
            let current3 = try kb.gene(named: row.gene3)?.symbol ?? row.gene3
            if current5 != row.gene5 || current3 != row.gene3 {
                junction.namedGene5 = current5
                junction.namedGene3 = current3
                fusion = try annotator.annotate(junction).fusions.first
            }
        }
        var reason: String?
        if fusion == nil {
            // The table's gene model (Ensembl) can differ from ours: take what the breakpoints form, preferring a named gene.
            junction.namedGene5 = nil
            junction.namedGene3 = nil
            let formed = try annotator.annotate(junction).fusions
            fusion = formed.first { $0.fivePrime.gene == row.gene5 || $0.threePrime.gene == row.gene3 } ?? formed.first
            if fusion != nil { reason = "annotated as \(fusion!.name): the named genes do not form a fusion at these breakpoints in the gene model" }
        }
        if let fusion {
            return LabelledExample(row: row, features: try extractor.extract(fusion, svType: junction.svType), fusion: fusion, fallbackReason: reason)
        }
        return LabelledExample(
            row: row,
            features: try extractor.fallback(
                gene5: row.gene5, gene3: row.gene3, breakend5: junction.first.position, breakend3: junction.second?.position, svType: junction.svType),
            fusion: nil, fallbackReason: "no 5′→3′ fusion forms across the breakpoints in the gene model")
    }
}
