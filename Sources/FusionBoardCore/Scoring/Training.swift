#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// One labelled example for training: features, label and the genes it groups by.
public struct TrainingExample: Sendable {
    public var features: FeatureVector
    public var label: Int
    public var gene5: String
    public var gene3: String
}

/// Which schema features a model reads.
public enum ModelInputs {
    /// Groups the strict de novo model reads: what the fusion does (domains kept, frame, region, CDS
    /// and UTRs kept, read-through/paralog structure). Gene fame (roles, gene-level PubMed counts) and
    /// raw SV type/distance are left out: in the training set they encode how the positives were
    /// curated (COSMIC cancer genes, translocations) and they reverse on tumour-observed fusions.
    public static let deNovoGroups: Set<FeatureGroup> = [.domains, .frameRegion, .artefact, .utrs]

    /// Candidate inputs for a model (before constant features are dropped).
    public static func candidates(deNovo: Bool) -> [String] {
        FeatureSchema.features.filter { f in
            deNovo ? (!f.knownFusionEvidence && deNovoGroups.contains(f.group)) : true
        }.map(\.key)
    }
}

/// Settings of a training run.
public struct TrainingSettings: Sendable {
    public var seed: UInt64 = 20_240_517
    public var folds = 5
    /// Hidden tanh units per ensemble member: the narrowest width whose gene-grouped out-of-fold AUROC matched the
    /// wider networks' (docs/MODEL.md, "History", "Width of the network").
    public var hiddenUnits = 8
    public var maxEpochs = 150
    public var batchSize = 32
    public var learningRate = 0.002
    public var weightDecay = 1e-3
    /// Networks averaged into one (their hidden units side by side, output weights divided by the count).
    public var ensembleMembers = 3
    public init() {}
}

/// The result of training one model: the model and its cross-validation record.
public struct TrainingResult: Sendable {
    public var model: DriverModel
    /// Out-of-fold calibrated probabilities (nil for rows never validated) and labels.
    public var outOfFold: [(probability: Double, label: Int)]
    public var bestEpoch: Int
    public var validatedRows: Int
    public var crossValidationAUROC: Double
}

/// Trains driver models: gene-grouped cross-validation folds, early stopping on the folds' mean
/// validation loss, a final fit on all rows for the chosen number of epochs, Platt calibration on the
/// out-of-fold logits and class thresholds chosen on those out-of-fold probabilities.
public struct ModelTrainer {
    public var settings: TrainingSettings
    public init(settings: TrainingSettings = TrainingSettings()) { self.settings = settings }

    /// Assigns genes to folds so that no gene, hence no pair, is split across folds. Rows whose two
    /// genes land in different folds are never validated (and are left out of training in both their
    /// genes' rounds).
    public static func geneFolds(_ examples: [TrainingExample], folds k: Int) -> [Int] {
        var degree: [String: Int] = [:]
        var neighbours: [String: [String: Int]] = [:]
        for e in examples {
            degree[e.gene5, default: 0] += 1
            degree[e.gene3, default: 0] += 1
            neighbours[e.gene5, default: [:]][e.gene3, default: 0] += 1
            neighbours[e.gene3, default: [:]][e.gene5, default: 0] += 1
        }
        let genes = degree.keys.sorted { (degree[$0]!, $1) > (degree[$1]!, $0) }
        let capacity = Double(examples.count * 2) / Double(k) * 1.15
        var fold: [String: Int] = [:]
        var load = [Int](repeating: 0, count: k)
        for gene in genes {
            var links = [Int](repeating: 0, count: k)
            for (other, n) in neighbours[gene] ?? [:] { if let f = fold[other] { links[f] += n } }
            let d = degree[gene]!
            let open = (0..<k).filter { Double(load[$0] + d) <= capacity }
            let choices = open.isEmpty ? Array(0..<k) : open
            let best = choices.max { a, b in (links[a], -load[a], -a) < (links[b], -load[b], -b) }!
            fold[gene] = best
            load[best] += d
        }
        return examples.map { e in fold[e.gene5] == fold[e.gene3] ? fold[e.gene5]! : -1 }
    }

    /// Trains a model of `kind` on the examples.
    public func train(
        _ examples: [TrainingExample], kind: ModelKind, deNovo: Bool, profile: KnowledgeProfile, name: String, knowledgeBaseBuild: String, trainingData: String
    ) -> TrainingResult {
        // Inputs: the candidates that vary in training (a constant carries nothing).
        let candidates = ModelInputs.candidates(deNovo: deNovo)
        var inputs: [String] = []
        var mean: [Double] = [], scale: [Double] = []
        for key in candidates {
            let i = FeatureSchema.index[key]!
            let column = examples.map { $0.features.values[i] }
            let m = column.reduce(0, +) / Double(column.count)
            let variance = column.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(column.count)
            if variance < 1e-12 { continue }
            inputs.append(key)
            mean.append(m)
            scale.append(variance.squareRoot())
        }
        let indices = inputs.map { FeatureSchema.index[$0]! }
        let x: [[Double]] = examples.map { e in indices.indices.map { (e.features.values[indices[$0]] - mean[$0]) / scale[$0] } }
        let y = examples.map { Double($0.label) }
        let genesFold = Self.geneFolds(examples, folds: settings.folds)
        let geneFoldOf: [String: Int] = {
            var map: [String: Int] = [:]
            for (e, f) in zip(examples, genesFold) where f >= 0 {
                map[e.gene5] = f
                map[e.gene3] = f
            }
            return map
        }()
        // Cross-validation: validation logits per epoch for each fold's validation rows.
        var epochLoss = [Double](repeating: 0, count: settings.maxEpochs)
        var validationLogits: [[Double]] = Array(repeating: [], count: examples.count)  // [row][epoch]
        var validated = 0
        for k in 0..<settings.folds {
            let validationRows = examples.indices.filter { genesFold[$0] == k }
            let trainRows = examples.indices.filter { r in geneFoldOf[examples[r].gene5] != k && geneFoldOf[examples[r].gene3] != k }
            guard !validationRows.isEmpty, !trainRows.isEmpty else { continue }
            validated += validationRows.count
            // An ensemble of `members` networks (one for the logistic model); its logit is the members' mean.
            let members = kind == .network ? settings.ensembleMembers : 1
            var nets = (0..<members).map { m in
                Parameters(kind: kind, inputs: inputs.count, hidden: settings.hiddenUnits, seed: settings.seed &+ UInt64(k + 1) &+ UInt64(m) &* 7919)
            }
            var adams = nets.map { Adam(count: $0.count) }
            var rngs = (0..<members).map { m in SeededGenerator(seed: settings.seed &+ 1000 &+ UInt64(k) &+ UInt64(m) &* 104_729) }
            for epoch in 0..<settings.maxEpochs {
                for m in 0..<members { runEpoch(&nets[m], &adams[m], x: x, y: y, rows: trainRows, rng: &rngs[m]) }
                for r in validationRows {
                    let l = nets.map { $0.logit(x[r]) }.reduce(0, +) / Double(members)
                    validationLogits[r].append(l)
                    epochLoss[epoch] += Self.logLoss(l, y[r])
                }
            }
        }
        // Early stopping: the epoch with the lowest mean validation loss (3-epoch moving average).
        var bestEpoch = settings.maxEpochs - 1
        var bestLoss = Double.infinity
        for e in 0..<settings.maxEpochs {
            let window = max(0, e - 1)...min(settings.maxEpochs - 1, e + 1)
            let smoothed = window.map { epochLoss[$0] }.reduce(0, +) / Double(window.count)
            if smoothed < bestLoss - 1e-12 {
                bestLoss = smoothed
                bestEpoch = e
            }
        }
        // Final fit on every row for the chosen number of epochs.
        let members = kind == .network ? settings.ensembleMembers : 1
        var nets: [Parameters] = []
        for m in 0..<members {
            var net = Parameters(kind: kind, inputs: inputs.count, hidden: settings.hiddenUnits, seed: settings.seed &+ UInt64(m) &* 7919)
            var adam = Adam(count: net.count)
            var rng = SeededGenerator(seed: settings.seed &+ 999 &+ UInt64(m) &* 104_729)
            for _ in 0...bestEpoch { runEpoch(&net, &adam, x: x, y: y, rows: Array(examples.indices), rng: &rng) }
            nets.append(net)
        }
        var model = Parameters.ensemble(nets).model(
            name: name, profile: profile, deNovo: deNovo, knowledgeBaseBuild: knowledgeBaseBuild, trainingData: trainingData, seed: settings.seed,
            inputs: inputs, mean: mean, scale: scale)
        // Platt calibration on out-of-fold logits.
        let oofRows = examples.indices.filter { !validationLogits[$0].isEmpty }
        let oofLogits = oofRows.map { validationLogits[$0][bestEpoch] }
        let oofLabels = oofRows.map { examples[$0].label }
        let (a, b) = Self.platt(oofLogits, oofLabels)
        model.calibrationA = a
        model.calibrationB = b
        let oofProbabilities = oofLogits.map { model.probability(logit: $0) }
        let (driver, passenger) = Self.thresholds(oofProbabilities, oofLabels)
        model.driverThreshold = driver
        model.passengerThreshold = passenger
        let auc = Metrics.auroc(scores: oofProbabilities, labels: oofLabels)
        model.notes = [
            "trained \(bestEpoch + 1) epochs (early stopping on \(settings.folds) gene-grouped folds; \(oofRows.count) of \(examples.count) rows validated out of fold)",
            "out-of-fold AUROC \(String(format: "%.4f", auc)); Platt a=\(String(format: "%.4f", a)) b=\(String(format: "%.4f", b)); thresholds driver ≥ \(String(format: "%.4f", driver)), passenger < \(String(format: "%.4f", passenger)) (driver: maximum out-of-fold F1; passenger: out-of-fold NPV ≥ 0.9)",
            "settings: hidden=\(kind == .network ? settings.hiddenUnits : 0) ensemble=\(kind == .network ? settings.ensembleMembers : 1) batch=\(settings.batchSize) lr=\(settings.learningRate) weight_decay=\(settings.weightDecay) max_epochs=\(settings.maxEpochs)",
        ]
        return TrainingResult(
            model: model, outOfFold: zip(oofProbabilities, oofLabels).map { ($0, $1) }, bestEpoch: bestEpoch + 1, validatedRows: oofRows.count,
            crossValidationAUROC: auc)
    }

    static func logLoss(_ logit: Double, _ y: Double) -> Double {
        // log(1 + e^-l) for y = 1, log(1 + e^l) for y = 0, computed stably.
        let s = y > 0.5 ? -logit : logit
        return s > 0 ? s + log1p(exp(-s)) : log1p(exp(s))
    }

    private func runEpoch(_ net: inout Parameters, _ adam: inout Adam, x: [[Double]], y: [Double], rows: [Int], rng: inout SeededGenerator) {
        var order = rows
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        var gradient = [Double](repeating: 0, count: net.count)
        var start = 0
        while start < order.count {
            let batch = order[start..<min(order.count, start + settings.batchSize)]
            for i in gradient.indices { gradient[i] = 0 }
            for r in batch { net.accumulateGradient(x[r], y[r], into: &gradient) }
            let n = Double(batch.count)
            for i in gradient.indices { gradient[i] /= n }
            net.addWeightDecay(settings.weightDecay, to: &gradient)
            adam.step(&net.values, gradient, learningRate: settings.learningRate)
            start += settings.batchSize
        }
    }

    /// Platt scaling: fits p = σ(a·logit + b) by Newton's method on the log-loss (with Platt's target smoothing).
    static func platt(_ logits: [Double], _ labels: [Int]) -> (Double, Double) {
        let positives = Double(labels.filter { $0 == 1 }.count), negatives = Double(labels.count) - positives
        let hi = (positives + 1) / (positives + 2), lo = 1 / (negatives + 2)
        let t = labels.map { $0 == 1 ? hi : lo }
        var a = 1.0, b = 0.0
        for _ in 0..<100 {
            var ga = 0.0, gb = 0.0, haa = 1e-9, hab = 0.0, hbb = 1e-9
            for (l, target) in zip(logits, t) {
                let p = 1 / (1 + exp(-(a * l + b)))
                let d = p - target, w = p * (1 - p)
                ga += d * l
                gb += d
                haa += w * l * l
                hab += w * l
                hbb += w
            }
            let det = haa * hbb - hab * hab
            guard abs(det) > 1e-12 else { break }
            let da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det
            a -= da
            b -= db
            if abs(da) + abs(db) < 1e-10 { break }
        }
        return (a, b)
    }

    /// Class thresholds from out-of-fold probabilities: the driver threshold maximises the out-of-fold
    /// F1 of the driver class; the passenger threshold is the highest one (not above the driver
    /// threshold) below which at most 10% of out-of-fold fusions are drivers (negative predictive value ≥ 0.9).
    static func thresholds(_ p: [Double], _ labels: [Int]) -> (driver: Double, passenger: Double) {
        let order = p.indices.sorted { p[$0] < p[$1] }
        let positives = labels.filter { $0 == 1 }.count
        // Sweep thresholds upward: everything at or above t is called a driver.
        var driver = 0.5, bestF1 = -1.0
        var belowPositives = 0, belowCount = 0
        var passenger = order.isEmpty ? 0 : p[order[0]]
        var i = 0
        while i <= order.count {
            let t = i < order.count ? p[order[i]] : (p[order.last!] + 1e-9)
            let tp = positives - belowPositives, fp = (order.count - belowCount) - tp, fn = belowPositives
            let f1 = tp == 0 ? 0 : 2 * Double(tp) / Double(2 * tp + fp + fn)
            if f1 > bestF1 {
                bestF1 = f1
                driver = t
            }
            guard i < order.count else { break }
            var j = i
            while j < order.count && p[order[j]] == p[order[i]] {
                belowCount += 1
                if labels[order[j]] == 1 { belowPositives += 1 }
                j += 1
            }
            i = j
        }
        belowPositives = 0
        belowCount = 0
        i = 0
        while i < order.count && p[order[i]] <= driver {
            var j = i
            while j < order.count && p[order[j]] == p[order[i]] {
                belowCount += 1
                if labels[order[j]] == 1 { belowPositives += 1 }
                j += 1
            }
            let next = j < order.count ? p[order[j]] : p[order[i]]
            if Double(belowPositives) <= 0.1 * Double(belowCount) { passenger = min(next, driver) }
            i = j
        }
        func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        return (round3(driver), min(round3(passenger), round3(driver)))
    }
}

/// Flat parameter vector of a network or logistic model, with forward and backward passes.
struct Parameters {
    let kind: ModelKind
    let d: Int
    let h: Int
    var values: [Double]
    var count: Int { values.count }

    // Layout (network): W1[h][d], b1[h], w2[h], b2. Logistic: w[d], b.
    init(kind: ModelKind, inputs d: Int, hidden: Int, seed: UInt64) {
        self.kind = kind
        self.d = d
        h = kind == .network ? hidden : 0
        var rng = SeededGenerator(seed: seed)
        switch kind {
        case .logistic:
            values = [Double](repeating: 0, count: d + 1)
        case .network:
            values = []
            let s1 = (1.0 / Double(max(1, d))).squareRoot()
            for _ in 0..<(h * d) { values.append(rng.normal() * s1) }
            values += [Double](repeating: 0, count: h)
            let s2 = (1.0 / Double(h)).squareRoot()
            for _ in 0..<h { values.append(rng.normal() * s2) }
            values.append(0)
        }
    }

    /// Averages networks of the same shape into one wider network with the mean logit.
    static func ensemble(_ nets: [Parameters]) -> Parameters {
        guard nets.count > 1, let first = nets.first, first.kind == .network else { return nets[0] }
        let d = first.d, h = first.h, m = nets.count
        var merged = Parameters(kind: .network, inputs: d, hidden: h * m, seed: 0)
        var values: [Double] = []
        for net in nets { values += net.values[0..<(h * d)] }
        for net in nets { values += net.values[(h * d)..<(h * d + h)] }
        for net in nets { values += net.values[(h * d + h)..<(h * d + 2 * h)].map { $0 / Double(m) } }
        values.append(nets.map { $0.values[h * d + 2 * h] }.reduce(0, +) / Double(m))
        merged.values = values
        return merged
    }

    func logit(_ x: [Double]) -> Double {
        switch kind {
        case .logistic:
            var s = values[d]
            for i in 0..<d { s += values[i] * x[i] }
            return s
        case .network:
            var s = values[h * d + 2 * h]
            for j in 0..<h {
                var a = values[h * d + j]
                let base = j * d
                for i in 0..<d { a += values[base + i] * x[i] }
                s += values[h * d + h + j] * tanh(a)
            }
            return s
        }
    }

    func accumulateGradient(_ x: [Double], _ y: Double, into g: inout [Double]) {
        switch kind {
        case .logistic:
            let p = 1 / (1 + exp(-logit(x)))
            let e = p - y
            for i in 0..<d { g[i] += e * x[i] }
            g[d] += e
        case .network:
            var act = [Double](repeating: 0, count: h)
            var s = values[h * d + 2 * h]
            for j in 0..<h {
                var a = values[h * d + j]
                let base = j * d
                for i in 0..<d { a += values[base + i] * x[i] }
                act[j] = tanh(a)
                s += values[h * d + h + j] * act[j]
            }
            let e = 1 / (1 + exp(-s)) - y
            g[h * d + 2 * h] += e
            for j in 0..<h {
                g[h * d + h + j] += e * act[j]
                let delta = e * values[h * d + h + j] * (1 - act[j] * act[j])
                g[h * d + j] += delta
                let base = j * d
                for i in 0..<d { g[base + i] += delta * x[i] }
            }
        }
    }

    /// L2 on weights (not biases).
    func addWeightDecay(_ lambda: Double, to g: inout [Double]) {
        switch kind {
        case .logistic:
            for i in 0..<d { g[i] += lambda * values[i] }
        case .network:
            for i in 0..<(h * d) { g[i] += lambda * values[i] }
            for j in 0..<h { g[h * d + h + j] += lambda * values[h * d + h + j] }
        }
    }

    func model(
        name: String, profile: KnowledgeProfile, deNovo: Bool, knowledgeBaseBuild: String, trainingData: String, seed: UInt64,
        inputs: [String], mean: [Double], scale: [Double]
    ) -> DriverModel {
        switch kind {
        case .logistic:
            return DriverModel(
                name: name, kind: .logistic, profile: profile, deNovo: deNovo, knowledgeBaseBuild: knowledgeBaseBuild, trainingData: trainingData, seed: seed,
                inputs: inputs, mean: mean, scale: scale, hidden: [], hiddenBias: [], output: Array(values[0..<d]), outputBias: values[d])
        case .network:
            let hidden = (0..<h).map { j in Array(values[(j * d)..<(j * d + d)]) }
            return DriverModel(
                name: name, kind: .network, profile: profile, deNovo: deNovo, knowledgeBaseBuild: knowledgeBaseBuild, trainingData: trainingData, seed: seed,
                inputs: inputs, mean: mean, scale: scale, hidden: hidden, hiddenBias: Array(values[(h * d)..<(h * d + h)]),
                output: Array(values[(h * d + h)..<(h * d + 2 * h)]), outputBias: values[h * d + 2 * h])
        }
    }
}

/// The Adam optimiser.
struct Adam {
    var m: [Double]
    var v: [Double]
    var t = 0
    init(count: Int) {
        m = [Double](repeating: 0, count: count)
        v = [Double](repeating: 0, count: count)
    }
    mutating func step(_ w: inout [Double], _ g: [Double], learningRate: Double) {
        t += 1
        let b1 = 0.9, b2 = 0.999
        let c1 = 1 - pow(b1, Double(t)), c2 = 1 - pow(b2, Double(t))
        for i in w.indices {
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
            w[i] -= learningRate * (m[i] / c1) / ((v[i] / c2).squareRoot() + 1e-8)
        }
    }
}
