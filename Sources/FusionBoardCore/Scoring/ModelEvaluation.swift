import Foundation

/// `fusionboard evaluate`: the shipped models on labelled tables, one table with the logistic
/// baseline, two trivial rules (all-positive; intra-chromosomal ⇒ driver) and the published figures.
public enum ModelEvaluation {
    /// One line of the table.
    public struct Line: Sendable {
        public var set: String
        public var predictor: String
        public var mode: String
        public var positives: Int
        public var negatives: Int
        public var auroc: Double
        public var interval: (Double, Double)
        public var auprc: Double
        public var confusion: Metrics.Confusion?
        /// Free text for published figures.
        public var published: String?
    }

    /// Metrics of scores against labels; `predicted` is the class decision (likely driver or not).
    public static func line(set: String, predictor: String, mode: String, scores: [Double], predicted: [Bool], labels: [Int]) -> Line {
        let positives = labels.filter { $0 == 1 }.count
        let twoClasses = positives > 0 && positives < labels.count
        return Line(
            set: set, predictor: predictor, mode: mode, positives: positives, negatives: labels.count - positives,
            auroc: twoClasses ? Metrics.auroc(scores: scores, labels: labels) : .nan,
            interval: twoClasses ? Metrics.aurocInterval(scores: scores, labels: labels) : (.nan, .nan),
            auprc: twoClasses ? Metrics.auprc(scores: scores, labels: labels) : .nan,
            confusion: Metrics.confusion(predicted: predicted, labels: labels), published: nil)
    }

    static func fmt(_ x: Double) -> String { x.isNaN ? "—" : String(format: "%.3f", x) }

    /// Renders lines as a Markdown table.
    public static func table(_ lines: [Line]) -> String {
        var out = "| set | predictor | mode | pos/neg | AUROC [95% CI] | AUPRC | F1 | accuracy | recall | precision |\n"
        out += "|---|---|---|---|---|---|---|---|---|---|\n"
        for l in lines {
            if let published = l.published {
                out += "| \(l.set) | \(l.predictor) | \(l.mode) | \(l.positives)/\(l.negatives) | \(published) |\n"
                continue
            }
            let auc = l.auroc.isNaN ? "—" : "\(fmt(l.auroc)) [\(fmt(l.interval.0))–\(fmt(l.interval.1))]"
            let c = l.confusion
            let onlyPositives = l.negatives == 0
            out += "| \(l.set) | \(l.predictor) | \(l.mode) | \(l.positives)/\(l.negatives) | \(auc) | \(fmt(l.auprc)) | "
            out += "\(onlyPositives ? "—" : fmt(c?.f1 ?? .nan)) | \(onlyPositives ? "—" : fmt(c?.accuracy ?? .nan)) | \(fmt(c?.recall ?? .nan)) | \(onlyPositives ? "—" : fmt(c?.precision ?? .nan)) |\n"
        }
        return out
    }

    /// Evaluates every table with the network and the baseline in each mode, plus the trivial rules.
    /// Per-row predictions (set, predictor, mode, id, pair, label, probability, class, annotated fusion or fallback reason) as TSV.
    public static let predictionColumns = ["set", "predictor", "mode", "id", "line", "pair", "label", "driver_probability", "class", "fusion", "note"]

    public static func run(
        knowledgeBase: KnowledgeBase, modelsFolder: String, available: KnowledgeProfile, tables: [String], modes: [Bool], liftover: Liftover? = nil,
        predictions: ((String) -> Void)? = nil
    ) throws -> String {
        var lines: [Line] = []
        var notes: [String] = []
        var loaders: [String: LabelledSetLoader] = [:]
        var cache: [String: [LabelledExample]] = [:]
        func examples(_ path: String, _ profile: KnowledgeProfile) throws -> [LabelledExample] {
            let key = "\(profile.name)|\(profile.domains)\(profile.roles)\(profile.knownFusions)\(profile.normalTissue)\(profile.readthrough)"
            if let cached = cache[key + path] { return cached }
            if loaders[key] == nil { loaders[key] = try LabelledSetLoader(knowledgeBase: knowledgeBase, profile: profile, liftover: liftover) }
            let result = try loaders[key]!.load(path)
            cache[key + path] = result
            return result
        }
        var modelsUsed: [String] = []
        for path in tables {
            let set = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            var rowsNoted = false
            for deNovo in modes {
                let mode = deNovo ? "strict de novo" : "all evidence"
                for kind in [ModelKind.network, .logistic] {
                    let model = try ModelStore.load(folder: modelsFolder, available: available, deNovo: deNovo, kind: kind)
                    let scorer = try ModelDriverScorer(knowledgeBase: knowledgeBase, model: model)
                    if !modelsUsed.contains(scorer.scorerName) { modelsUsed.append(scorer.scorerName) }
                    let rows = try examples(path, scorer.extractor.profile)
                    if !rowsNoted {
                        rowsNoted = true
                        let fallback = rows.filter { $0.fusion == nil }
                        let fp = fallback.filter { $0.row.label == 1 }.count
                        notes.append(
                            "\(set): \(rows.count) rows (\(rows.filter { $0.row.label == 1 }.count) positive); \(fallback.count) scored from fallback features because they could not be annotated (\(fp) positive, \(fallback.count - fp) negative; \(fallback.filter { $0.row.junction == nil }.count) liftover gaps)"
                        )
                    }
                    let scores = try rows.map { try scorer.score(features: $0.features) }
                    if let predictions {
                        for (row, score) in zip(rows, scores) {
                            let fields = [
                                set, kind.rawValue, deNovo ? "de-novo" : "all-evidence", row.row.id, String(row.row.line), row.row.pair, String(row.row.label),
                                String(format: "%.4f", score.probability), score.driverClass.rawValue, row.fusion?.name ?? ".", row.fallbackReason ?? ".",
                            ]
                            predictions(fields.map { $0.replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t"))
                        }
                    }
                    lines.append(
                        line(
                            set: set, predictor: kind == .network ? "network" : "logistic baseline", mode: mode + " (\(scorer.extractor.profile.name))",
                            scores: scores.map(\.probability), predicted: scores.map { $0.driverClass == .likelyDriver }, labels: rows.map(\.row.label)))
                }
            }
            // Trivial rules, computed on the set itself.
            let rows = try examples(path, .core)
            let labels = rows.map(\.row.label)
            lines.append(line(set: set, predictor: "rule: all positive", mode: "—", scores: labels.map { _ in 1 }, predicted: labels.map { _ in true }, labels: labels))
            let intra = rows.map { $0.row.junction.map { $0.first.position.chromosome == $0.second?.position.chromosome } ?? false }
            lines.append(
                line(set: set, predictor: "rule: intra-chromosomal ⇒ driver", mode: "—", scores: intra.map { $0 ? 1 : 0 }, predicted: intra, labels: labels))
            let positives = labels.filter { $0 == 1 }.count
            if set.contains("chimerdriver_test_set") {
                var published = line(set: set, predictor: "ChimerDriver (published)", mode: "MLP, 295 features", scores: [], predicted: [], labels: labels)
                published.published = "not published | — | 0.83 | — | 0.96 | — "
                lines.append(published)
            }
            if set.contains("deeprior_test_set_1") {
                var published = line(set: set, predictor: "DEEPrior (published)", mode: "CNN+BiLSTM on sequence", scores: [], predicted: [], labels: labels)
                published.published = "not published | — | — | ≈0.72 (own evaluation) | — | — "
                published.positives = positives
                lines.append(published)
            }
        }
        var out = "Driver model evaluation (knowledge base \(knowledgeBase.info.buildID), profile available: \(available.name))\n\n"
        out += "Models: " + modelsUsed.joined(separator: "; ") + "\n\n"
        out += table(lines)
        out += "\nF1, accuracy, recall and precision at the class threshold (calibrated probability ≥ the model's driver threshold, chosen on out-of-fold training predictions).\n"
        for note in notes { out += "- \(note)\n" }
        return out
    }
}
