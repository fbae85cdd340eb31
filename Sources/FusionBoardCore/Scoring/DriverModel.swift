#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Which kind of model a ``DriverModel`` is.
public enum ModelKind: String, Sendable, Codable {
    /// A feed-forward network: inputs → tanh hidden layer → logit.
    case network
    /// The additive logistic baseline on the same inputs.
    case logistic
}

/// A deterministic random-number generator (SplitMix64): the same seed gives the same model.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 1e-300), w = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * w)
    }
}

/// A trained driver model with everything needed to score and explain: its inputs (schema keys),
/// standardisation, parameters, Platt calibration and class thresholds. Stored as text in `Models/`.
public struct DriverModel: Sendable {
    public var name: String
    public var kind: ModelKind
    /// Knowledge-base profile the model was trained with (`core` or `full`).
    public var profile: KnowledgeProfile
    /// Trained without known-fusion evidence (strict de novo).
    public var deNovo: Bool
    public var schemaVersion: Int
    /// Build ID and sources of the knowledge base it was trained with.
    public var knowledgeBaseBuild: String
    public var trainingData: String
    public var seed: UInt64
    /// Feature keys the model reads, in input order.
    public var inputs: [String]
    /// Standardisation: z = (x − mean) / scale.
    public var mean: [Double]
    public var scale: [Double]
    /// Network: hidden[h][i] weights, hiddenBias[h], output[h], outputBias. Logistic: output[i], outputBias.
    public var hidden: [[Double]]
    public var hiddenBias: [Double]
    public var output: [Double]
    public var outputBias: Double
    /// Platt calibration on out-of-fold logits: p = σ(a·logit + b).
    public var calibrationA: Double
    public var calibrationB: Double
    /// Calibrated probability at or above which a fusion is a likely driver; below `passengerThreshold` a likely passenger.
    public var driverThreshold: Double
    public var passengerThreshold: Double
    /// Free-text training summary (epochs, cross-validation figures), written into the model file.
    public var notes: [String]
    /// The file the model was read from (name without folders) and the SHA-256 of its bytes; nil for a model built
    /// in memory. Not part of the model text.
    public var file: String?
    public var fileSHA256: String?

    /// Groups of the inputs, in schema group order, each with its input indices.
    public var groups: [(group: FeatureGroup, indices: [Int])] { Self.groups(of: inputs) }

    static func groups(of inputs: [String]) -> [(group: FeatureGroup, indices: [Int])] {
        FeatureGroup.allCases.compactMap { group in
            let indices = inputs.indices.filter { FeatureSchema.features[FeatureSchema.index[inputs[$0]]!].group == group }
            return indices.isEmpty ? nil : (group, indices)
        }
    }

    /// Standardised inputs of a feature vector.
    public func standardise(_ v: FeatureVector) -> [Double] {
        inputs.indices.map { i in (v.values[FeatureSchema.index[inputs[i]]!] - mean[i]) / scale[i] }
    }

    /// The model's logit for standardised inputs. For a network, each hidden unit's pre-activation is the bias
    /// plus the groups' shares in group order, each share Σ w·z over the group's inputs in input order; its tanh
    /// is (E − 1)/(E + 1) with E = e^(2·bias) multiplied by e^(2·share) of each group in group order when
    /// |bias| + Σ|share| ≤ ``Activation/productLimit`` (else the sum's tanh by ``Activation/tanh(_:)``); then
    /// outputBias + Σₕ vₕ·tanhₕ in unit order. This is the arithmetic of the attributions kernel, so a coalition's value is this logit with
    /// the other groups at 0, bit for bit.
    public func logit(_ z: [Double]) -> Double {
        switch kind {
        case .logistic:
            var s = outputBias
            for i in z.indices { s += output[i] * z[i] }
            return s
        case .network:
            let groups = groups
            let act = hidden.indices.map { h in
                let w = hidden[h]
                let shares = groups.map { g in
                    var share = 0.0
                    for i in g.indices { share += w[i] * z[i] }
                    return share
                }
                var magnitude = abs(hiddenBias[h])
                for share in shares { magnitude += abs(share) }
                if magnitude <= Activation.productLimit {
                    var e = exp(2 * hiddenBias[h])
                    for share in shares { e *= exp(2 * share) }
                    return Activation.tanh(exponentialOfTwice: e)
                }
                var a = hiddenBias[h]
                for share in shares { a += share }
                return Activation.tanh(a)
            }
            var s = outputBias
            for h in hidden.indices { s += output[h] * act[h] }
            return s
        }
    }

    /// Calibrated probability for a logit.
    public func probability(logit: Double) -> Double { 1 / (1 + exp(-(calibrationA * logit + calibrationB))) }

    public func driverClass(_ p: Double) -> DriverClass {
        p >= driverThreshold ? .likelyDriver : (p < passengerThreshold ? .likelyPassenger : .uncertain)
    }

    /// Exact Shapley values of the input groups against the reference (the training mean, z = 0):
    /// v(S) = logit with the groups in S at the fusion's values and the rest at the reference.
    /// Returns (baseline = logit at the reference, per-group values); baseline + Σ values = logit.
    public func groupShapley(_ z: [Double]) -> (baseline: Double, values: [Double]) {
        switch kind {
        case .network:
            let result = ShapleyKernel(self).attribute(z)
            return (result.baseline, result.values)
        case .logistic:
            let g = groups
            let n = g.count
            var value = [Double](repeating: 0, count: 1 << n)
            var probe = [Double](repeating: 0, count: z.count)
            for mask in 0..<(1 << n) {
                for i in probe.indices { probe[i] = 0 }
                for k in 0..<n where mask & (1 << k) != 0 { for i in g[k].indices { probe[i] = z[i] } }
                value[mask] = logit(probe)
            }
            return (value[0], ShapleyKernel.shapley(value, groups: n))
        }
    }
}

/// A network's exact group attributions, arranged for speed: the weights input-major in one flat buffer and the
/// groups' input indices laid out once (one kernel per scorer); per fusion, flat buffers and no allocation
/// per coalition.
///
/// Per fusion: each group's share of every hidden unit's pre-activation (Σ w·z over the group's inputs, in
/// input order; vectorised over the units); then unit by unit, four coalitions at a time, e^(2·pre) of every
/// coalition by products (coalition m + 2ᵏ = coalition m times group k's factor, as ``DriverModel/logit(_:)``
/// multiplies them), its tanh and the unit's term added to every coalition's logit, outputBias + Σₕ vₕ·tanh(preₕ)
/// in unit order (``blockValues(_:groups:)``); then the Shapley sums in mask order. The full coalition's value is the logit, bit for bit, and
/// every coalition's value is the logit of the inputs with the other groups at the reference; the last
/// rounding of baseline + Σ values goes to the largest group.
struct ShapleyKernel: Sendable {
    let inputCount: Int
    let units: Int
    let groupCount: Int
    /// hidden[h][i] at i·units + h.
    let weights: [Double]
    let hiddenBias: [Double]
    /// e^(2·bias) of each unit.
    let biasExponentials: [Double]
    let output: [Double]
    let outputBias: Double
    /// The inputs of group k: groupMembers[groupStarts[k] ..< groupStarts[k + 1]].
    let groupStarts: [Int]
    let groupMembers: [Int]
    /// Shapley weight of a coalition of s groups: s!·(n − s − 1)!/n!, and the weight of each coalition by its bit
    /// mask (the weight of its size).
    let shapleyWeights: [Double], maskWeights: [Double]

    init(_ model: DriverModel) {
        precondition(model.kind == .network, "the Shapley kernel is for networks")
        inputCount = model.inputs.count
        units = model.hidden.count
        var transposed = [Double](repeating: 0, count: model.inputs.count * model.hidden.count)
        for (h, row) in model.hidden.enumerated() { for (i, w) in row.enumerated() { transposed[i * model.hidden.count + h] = w } }
        weights = transposed
        hiddenBias = model.hiddenBias
        biasExponentials = model.hiddenBias.map { exp(2 * $0) }
        output = model.output
        outputBias = model.outputBias
        let groups = model.groups
        groupCount = groups.count
        var starts = [0]
        var members: [Int] = []
        for g in groups {
            members += g.indices
            starts.append(members.count)
        }
        groupStarts = starts
        groupMembers = members
        shapleyWeights = Self.weights(groups: groups.count)
        maskWeights = Self.maskWeights(groups: groups.count, shapleyWeights)
    }

    static func weights(groups n: Int) -> [Double] {
        var factorial = [Double](repeating: 1, count: n + 1)
        for k in stride(from: 1, through: n, by: 1) { factorial[k] = factorial[k - 1] * Double(k) }
        var weight = [Double](repeating: 0, count: n)
        for s in 0..<n { weight[s] = factorial[s] * factorial[n - s - 1] / factorial[n] }
        return weight
    }

    static func maskWeights(groups n: Int, _ weights: [Double]) -> [Double] {
        (0..<(1 << n)).map { mask in mask.nonzeroBitCount < n ? weights[mask.nonzeroBitCount] : 0 }
    }

    /// The logit of standardised inputs (as ``DriverModel/logit(_:)``), the baseline and the exact group Shapley values.
    func attribute(_ z: [Double]) -> (logit: Double, baseline: Double, values: [Double]) {
        precondition(z.count == inputCount, "standardised inputs do not match the model")
        let n = groupCount, count = 1 << n, units = units
        // Shares share[k · units + h]. A model of fewer than two groups is padded to two with groups of share 0
        // (factor e⁰ = 1 and + 0, both exact), whose coalitions are not read.
        let padded = max(n, 2)
        var share = [Double](repeating: 0, count: padded * units)
        weights.withUnsafeBufferPointer { w in
            z.withUnsafeBufferPointer { z in
                groupMembers.withUnsafeBufferPointer { members in
                    groupStarts.withUnsafeBufferPointer { starts in
                        share.withUnsafeMutableBufferPointer { share in
                            let w = w.baseAddress!, sh = share.baseAddress!
                            for k in 0..<n {
                                let s = sh + k * units
                                for m in starts[k]..<starts[k + 1] {
                                    let i = members[m], x = z[i], row = w + i * units
                                    for h in 0..<units { s[h] += row[h] * x }
                                }
                            }
                        }
                    }
                }
            }
        }
        let blocks = share.withUnsafeBufferPointer { blockValues($0.baseAddress!, groups: padded) }
        // Coalition m is lane m % 4 of block m / 4: the blocks read as one buffer of Doubles in mask order.
        return blocks.withUnsafeBufferPointer { blocks in
            blocks.baseAddress!.withMemoryRebound(to: Double.self, capacity: 4 * blocks.count) { value in
                let value = UnsafeBufferPointer(start: value, count: count)
                return (value[count - 1], value[0], Self.shapley(value, groups: n, maskWeights: maskWeights))
            }
        }
    }

    /// Every coalition's logit for n ≥ 2 groups (``attribute(_:)`` pads fewer), four coalitions at a time: block j holds coalitions 4j … 4j + 3 (the
    /// first two groups' bits are the lanes). Per unit in unit order: e^(2·pre) of a block's coalitions as one vector
    /// (lanes e^(2·bias), ·f₀, ·f₁ and ·f₀·f₁ with f_k = e^(2·share_k); block j + 2ᵏ⁻² = block j times f_k), then
    /// tanh = (E − 1)/(E + 1) and the unit's term vₕ·tanh added to the block, in one pass and without storing the
    /// activations. These are the operations of the one-coalition-at-a-time form, in the same order, so the values
    /// are the same bits (and the full coalition's value is ``DriverModel/logit(_:)``'s); a unit past
    /// ``Activation/productLimit`` takes the sums and ``Activation/tanhInPlace(_:)``.
    private func blockValues(_ share: UnsafePointer<Double>, groups n: Int) -> [SIMD4<Double>] {
        let count = 1 << n, blocks = count / 4, units = units
        var value = [SIMD4<Double>](repeating: SIMD4(repeating: outputBias), count: blocks)
        var product = [SIMD4<Double>](repeating: .zero, count: blocks)
        var sums = [Double](repeating: 0, count: count)
        value.withUnsafeMutableBufferPointer { value in
            product.withUnsafeMutableBufferPointer { product in
                hiddenBias.withUnsafeBufferPointer { bias in
                    output.withUnsafeBufferPointer { out in
                        for h in 0..<units {
                            let o = out[h]
                            var magnitude = abs(bias[h])
                            for k in 0..<n { magnitude += abs(share[k * units + h]) }
                            if magnitude <= Activation.productLimit {
                                let e = biasExponentials[h], f0 = exp(2 * share[h]), f1 = exp(2 * share[units + h])
                                let e0 = e * f0
                                product[0] = SIMD4(e, e0, e * f1, e0 * f1)
                                for k in 2..<n {
                                    let factor = exp(2 * share[k * units + h]), half = 1 << (k - 2)
                                    for j in 0..<half { product[j + half] = product[j] * factor }
                                }
                                for j in 0..<blocks {
                                    let p = product[j]
                                    let t = (p - 1) / (p + 1)
                                    value[j] = value[j] + t * o
                                }
                            } else {
                                sums.withUnsafeMutableBufferPointer { sums in
                                    let unit = sums.baseAddress!
                                    unit[0] = bias[h]
                                    for k in 0..<n {
                                        let s = share[k * units + h], half = 1 << k
                                        let target = unit + half
                                        for m in 0..<half { target[m] = unit[m] + s }
                                    }
                                    Activation.tanhInPlace(sums)
                                    for j in 0..<blocks {
                                        let t = SIMD4(unit[4 * j], unit[4 * j + 1], unit[4 * j + 2], unit[4 * j + 3])
                                        value[j] = value[j] + t * o
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return value
    }

    /// Shapley values from the values of all 2ⁿ coalitions (index = bit mask of the groups in the coalition),
    /// with the last rounding residual of the efficiency property folded into the largest group.
    static func shapley(_ value: [Double], groups n: Int, maskWeights: [Double]? = nil) -> [Double] {
        value.withUnsafeBufferPointer { shapley($0, groups: n, maskWeights: maskWeights) }
    }

    static func shapley(_ value: UnsafeBufferPointer<Double>, groups n: Int, maskWeights: [Double]? = nil) -> [Double] {
        let maskWeights = maskWeights ?? Self.maskWeights(groups: n, Self.weights(groups: n))
        let count = 1 << n
        var phi = [Double](repeating: 0, count: n)
        maskWeights.withUnsafeBufferPointer { weight in
            for k in 0..<n {
                // The coalitions without group k in increasing mask order: runs of 2ᵏ masks, every other run.
                let bit = 1 << k
                var sum = 0.0
                var run = 0
                while run < count {
                    for mask in run..<(run + bit) { sum += weight[mask] * (value[mask | bit] - value[mask]) }
                    run += 2 * bit
                }
                phi[k] = sum
            }
        }
        // Exactness: the efficiency property holds analytically; fold the last rounding error into the largest group.
        let residual = value[(1 << n) - 1] - value[0] - phi.reduce(0, +)
        if n > 0, let largest = phi.indices.max(by: { abs(phi[$0]) < abs(phi[$1]) }) { phi[largest] += residual }
        return phi
    }
}

// MARK: - Text format

extension DriverModel {
    /// The model as a small, diff-able text file.
    public func text() -> String {
        // Seven significant digits keep the files small; a parsed model is the model that scores.
        func num(_ x: Double) -> String { String(format: "%.7g", x) }
        func nums(_ a: [Double]) -> String { a.map(num).joined(separator: " ") }
        var lines = [
            "# FusionBoard driver model (text weights). Regenerate with `fusionboard train`; see Models/MODEL.md.",
            "name \(name)", "kind \(kind.rawValue)", "profile \(profile.name)",
            "profile_groups domains=\(profile.domains ? 1 : 0) roles=\(profile.roles ? 1 : 0) known_fusions=\(profile.knownFusions ? 1 : 0) normal=\(profile.normalTissue ? 1 : 0) readthrough=\(profile.readthrough ? 1 : 0)",
            "de_novo \(deNovo ? 1 : 0)", "schema_version \(schemaVersion)", "kb_build \(knowledgeBaseBuild)", "training_data \(trainingData)", "seed \(seed)",
            "inputs \(inputs.joined(separator: " "))", "mean \(nums(mean))", "scale \(nums(scale))",
            "calibration \(num(calibrationA)) \(num(calibrationB))", "thresholds \(driverThreshold) \(passengerThreshold)",
            "output_bias \(num(outputBias))", "output \(nums(output))",
        ]
        if kind == .network {
            lines.append("hidden_bias \(nums(hiddenBias))")
            for row in hidden { lines.append("hidden \(nums(row))") }
        }
        for note in notes { lines.append("note \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses a model file written by ``text()``.
    public init(text: String, file: String) throws {
        var fields: [String: String] = [:]
        var hiddenRows: [[Double]] = []
        var notes: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let key = parts[0], rest = parts.count > 1 ? parts[1] : ""
            switch key {
            case "hidden":
                let row = rest.split(separator: " ").compactMap { Double($0) }
                hiddenRows.append(row)
            case "note": notes.append(rest)
            default:
                if fields[key] != nil { throw InputError(file: file, line: n + 1, "duplicate key '\(key)' in the model file") }
                fields[key] = rest
            }
        }
        func need(_ key: String) throws -> String {
            guard let value = fields[key] else { throw InputError(file: file, line: nil, "the model file lacks '\(key)'; regenerate it with `fusionboard train`") }
            return value
        }
        func numbers(_ key: String) throws -> [Double] {
            let text = try need(key)
            let values = text.split(separator: " ").map { Double($0) }
            guard values.allSatisfy({ $0 != nil }) else { throw InputError(file: file, line: nil, "'\(key)' holds a non-number in the model file") }
            return values.map { $0! }
        }
        name = try need("name")
        guard let kind = ModelKind(rawValue: try need("kind")) else { throw InputError(file: file, line: nil, "unknown model kind") }
        self.kind = kind
        var groups: [String: Bool] = [:]
        for part in try need("profile_groups").split(separator: " ") {
            let kv = part.split(separator: "=")
            if kv.count == 2 { groups[String(kv[0])] = kv[1] == "1" }
        }
        profile = KnowledgeProfile(
            domains: groups["domains"] ?? false, roles: groups["roles"] ?? false, knownFusions: groups["known_fusions"] ?? false,
            normalTissue: groups["normal"] ?? false, readthrough: groups["readthrough"] ?? false)
        deNovo = try need("de_novo") == "1"
        schemaVersion = Int(try need("schema_version")) ?? 0
        guard schemaVersion == FeatureSchema.version else {
            throw InputError(file: file, line: nil, "the model expects feature schema \(schemaVersion), this program computes \(FeatureSchema.version); retrain with `fusionboard train`")
        }
        knowledgeBaseBuild = try need("kb_build")
        trainingData = try need("training_data")
        seed = UInt64(try need("seed")) ?? 0
        inputs = try need("inputs").split(separator: " ").map(String.init)
        for key in inputs where FeatureSchema.index[key] == nil {
            throw InputError(file: file, line: nil, "the model reads unknown feature '\(key)'; retrain with `fusionboard train`")
        }
        mean = try numbers("mean")
        scale = try numbers("scale")
        let calibration = try numbers("calibration"), thresholds = try numbers("thresholds")
        guard calibration.count == 2, thresholds.count == 2 else { throw InputError(file: file, line: nil, "calibration and thresholds need two numbers each") }
        calibrationA = calibration[0]
        calibrationB = calibration[1]
        driverThreshold = thresholds[0]
        passengerThreshold = thresholds[1]
        outputBias = Double(try need("output_bias")) ?? 0
        output = try numbers("output")
        hidden = hiddenRows
        hiddenBias = kind == .network ? try numbers("hidden_bias") : []
        self.notes = notes
        let d = inputs.count
        let shapesOK =
            mean.count == d && scale.count == d
            && (kind == .logistic ? output.count == d : (output.count == hidden.count && hiddenBias.count == hidden.count && hidden.allSatisfy { $0.count == d }))
        guard shapesOK else { throw InputError(file: file, line: nil, "the model's weight shapes do not match its \(d) inputs; regenerate it with `fusionboard train`") }
    }

    public init(
        name: String, kind: ModelKind, profile: KnowledgeProfile, deNovo: Bool, knowledgeBaseBuild: String, trainingData: String, seed: UInt64,
        inputs: [String], mean: [Double], scale: [Double], hidden: [[Double]], hiddenBias: [Double], output: [Double], outputBias: Double
    ) {
        self.name = name
        self.kind = kind
        self.profile = profile
        self.deNovo = deNovo
        schemaVersion = FeatureSchema.version
        self.knowledgeBaseBuild = knowledgeBaseBuild
        self.trainingData = trainingData
        self.seed = seed
        self.inputs = inputs
        self.mean = mean
        self.scale = scale
        self.hidden = hidden
        self.hiddenBias = hiddenBias
        self.output = output
        self.outputBias = outputBias
        calibrationA = 1
        calibrationB = 0
        driverThreshold = 0.5
        passengerThreshold = 0.5
        notes = []
    }
}

/// A loaded model as a report's Methods states it: its file and SHA-256, what the file records about its training
/// (knowledge-base build, training data and its hash, seed, the training out-of-fold AUROC), the Platt calibration
/// that maps the model output to the probability, and the class cut-offs.
public struct ModelInfo: Sendable, Codable, Hashable {
    public var name: String
    /// `network` or `logistic`.
    public var kind: String
    /// Trained without known-fusion evidence (strict de novo).
    public var deNovo: Bool
    /// The knowledge-base profile the model was trained with, and the one it scored with (the knowledge base's own).
    public var trainedProfile: String
    public var scoringProfile: String
    /// File name (no folders) and SHA-256 of its bytes; nil for a model not read from a file.
    public var file: String?
    public var sha256: String?
    public var knowledgeBaseBuild: String
    /// Training file and its SHA-256 as the model file records them (`deeprior_training_set.csv sha256:…`).
    public var trainingData: String
    public var seed: UInt64
    /// probability = 1 / (1 + e^−(a·output + b)).
    public var calibrationA: Double
    public var calibrationB: Double
    /// Likely driver at or above `driverThreshold`, likely passenger below `passengerThreshold`, uncertain between.
    public var driverThreshold: Double
    public var passengerThreshold: Double
    /// The training set's out-of-fold AUROC (gene-grouped cross-validation) as the model file's notes record it, as
    /// written there (`0.9997`); nil when the file does not record it.
    public var trainingOutOfFoldAUROC: String?

    public init(_ model: DriverModel, scoringProfile: String) {
        name = model.name
        kind = model.kind.rawValue
        deNovo = model.deNovo
        trainedProfile = model.profile.name
        self.scoringProfile = scoringProfile
        file = model.file
        sha256 = model.fileSHA256
        knowledgeBaseBuild = model.knowledgeBaseBuild
        trainingData = model.trainingData
        seed = model.seed
        calibrationA = model.calibrationA
        calibrationB = model.calibrationB
        driverThreshold = model.driverThreshold
        passengerThreshold = model.passengerThreshold
        trainingOutOfFoldAUROC = Self.outOfFoldAUROC(model.notes)
    }

    /// The number after `out-of-fold AUROC` in the notes `fusionboard train` writes.
    static func outOfFoldAUROC(_ notes: [String]) -> String? {
        for note in notes {
            guard let range = note.range(of: "out-of-fold AUROC ") else { continue }
            let number = note[range.upperBound...].prefix { $0.isNumber || $0 == "." }
            if !number.isEmpty, Double(number) != nil { return String(number) }
        }
        return nil
    }
}
