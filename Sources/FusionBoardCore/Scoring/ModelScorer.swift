import Foundation

/// The shipped model files and how to find them.
public enum ModelStore {
    /// File name of a model: `driver-<profile>-<denovo|evidence>-<network|logistic>.txt`.
    public static func fileName(profile: String, deNovo: Bool, kind: ModelKind) -> String {
        "driver-\(profile)-\(deNovo ? "denovo" : "evidence")-\(kind.rawValue).txt"
    }

    /// Finds the models folder: an explicit folder, `$FUSIONBOARD_MODELS`, the installed
    /// `share/fusionboard/Models` beside the binary, the source tree's `Models/`, or `./Models`.
    public static func locate(explicit: String? = nil, executable: String = CommandLine.arguments[0]) -> String? {
        if let explicit { return explicit }
        if let env = ProcessInfo.processInfo.environment["FUSIONBOARD_MODELS"], !env.isEmpty { return env }
        let fm = FileManager.default
        let marker = fileName(profile: "core", deNovo: true, kind: .network)
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = dir.deletingLastPathComponent().appendingPathComponent("share/fusionboard/Models")
        if fm.fileExists(atPath: installed.appendingPathComponent(marker).path) { return installed.path }
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("Models")
            if fm.fileExists(atPath: candidate.appendingPathComponent(marker).path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("Models")
        if fm.fileExists(atPath: cwd.appendingPathComponent(marker).path) { return cwd.path }
        return nil
    }

    /// Loads the model for a knowledge base: the one trained with the KB's own profile when shipped,
    /// else the core-profile model (the extractor then ignores the optional sources it was not trained with).
    public static func load(folder: String, available: KnowledgeProfile, deNovo: Bool, kind: ModelKind = .network) throws -> DriverModel {
        var names: [String] = []
        if available.name != "core" { names.append(fileName(profile: available.name, deNovo: deNovo, kind: kind)) }
        names.append(fileName(profile: "core", deNovo: deNovo, kind: kind))
        for name in names {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return try DriverModel(text: text, file: path)
        }
        throw InputError(file: folder, line: nil, "no driver model \(names.joined(separator: " or ")) in the models folder; run `fusionboard train` or pass --models DIR")
    }
}

/// Scores fusions with a trained ``DriverModel``: calibrated probability, class, logit, and exact
/// Shapley contributions per feature group (baseline + Σ contributions = logit).
public final class ModelDriverScorer: DriverScorer {
    public let model: DriverModel
    public let extractor: FeatureExtractor
    private let groups: [(group: FeatureGroup, indices: [Int])]
    /// Schema index of each model input.
    private let schemaIndex: [Int]
    /// The network's attributions kernel (nil for the logistic baseline).
    private let kernel: ShapleyKernel?
    /// Logit, baseline, group attributions and contributions of the feature values met so far in this run, by
    /// the bit patterns of the model's inputs: fusions with the same feature values cost one lookup (the
    /// contributions are reused when the features also cite the same sources).
    private var attributed: [[UInt64]: Attributed] = [:]

    private struct Attributed {
        var logit: Double, baseline: Double, values: [Double]
        var sources: [[String]]
        var contributions: [Contribution]
    }

    public init(knowledgeBase: KnowledgeBase, model: DriverModel) throws {
        self.model = model
        groups = model.groups
        schemaIndex = model.inputs.map { FeatureSchema.index[$0]! }
        kernel = model.kind == .network ? ShapleyKernel(model) : nil
        extractor = try FeatureExtractor(knowledgeBase: knowledgeBase, restrictTo: model.profile, inputs: model.inputs)
        scorerName = "\(model.name) (\(model.kind.rawValue), \(model.deNovo ? "de novo" : "all evidence"), KB profile \(extractor.profile.name))"
    }

    /// Loads the shipped model matching the knowledge base and mode.
    public convenience init(knowledgeBase: KnowledgeBase, deNovo: Bool, modelsFolder: String? = nil) throws {
        guard let folder = ModelStore.locate(explicit: modelsFolder) else {
            throw InputError(file: "Models", line: nil, "cannot find the driver models; pass --models DIR (the Models/ folder of FusionBoard) or set FUSIONBOARD_MODELS")
        }
        let probe = try FeatureExtractor(knowledgeBase: knowledgeBase)
        try self.init(knowledgeBase: knowledgeBase, model: ModelStore.load(folder: folder, available: probe.available, deNovo: deNovo))
    }

    /// The scorer name printed with every score: model, mode, KB profile it scored with.
    public let scorerName: String

    public func score(_ fusion: FusionCandidate, evidence: FusionEvidence, deNovo: Bool) throws -> DriverScore {
        try score(features: try extractor.extract(fusion, evidence: evidence))
    }

    /// Scores a feature vector.
    public func score(features: FeatureVector) throws -> DriverScore {
        guard let kernel else {
            let z = schemaIndex.indices.map { (features.values[schemaIndex[$0]] - model.mean[$0]) / model.scale[$0] }
            return logisticScore(features: features, z: z)
        }
        let key = schemaIndex.map { features.values[$0].bitPattern }
        let entry: Attributed
        if var known = attributed[key] {
            if known.sources != features.sources {
                known.sources = features.sources
                known.contributions = contributions(features, known.values)
                attributed[key] = known
            }
            entry = known
        } else {
            let z = schemaIndex.indices.map { (features.values[schemaIndex[$0]] - model.mean[$0]) / model.scale[$0] }
            let (logit, baseline, values) = kernel.attribute(z)
            entry = Attributed(logit: logit, baseline: baseline, values: values, sources: features.sources, contributions: contributions(features, values))
            attributed[key] = entry
        }
        let probability = model.probability(logit: entry.logit)
        return DriverScore(
            probability: probability, driverClass: model.driverClass(probability), scorer: scorerName, isPlaceholder: false,
            modelOutput: entry.logit, baseline: entry.baseline, contributions: entry.contributions)
    }

    /// The network's per-group contributions: each group's Shapley value with its non-zero features (or all of
    /// them), their values and the union of their sources.
    private func contributions(_ features: FeatureVector, _ phi: [Double]) -> [Contribution] {
        var contributions: [Contribution] = []
        contributions.reserveCapacity(groups.count)
        for (k, group) in groups.enumerated() {
            // The group's non-zero features (or all of them) and their values, in the same order, comma-joined.
            let shown = group.indices.filter { features.values[schemaIndex[$0]] != 0 }
            let listed = shown.isEmpty ? group.indices : shown
            var sources: [String] = []
            var previous: [String]? = nil
            for i in group.indices {
                let cited = features.sources[schemaIndex[i]]
                if cited.isEmpty || cited == previous { continue }  // most features of a group cite one shared list
                for s in cited where !sources.contains(s) { sources.append(s) }
                previous = cited
            }
            contributions.append(
                Contribution(
                    feature: listed.map { model.inputs[$0] }.joined(separator: ","), group: group.group.rawValue,
                    value: listed.map { Self.format(features.values[schemaIndex[$0]]) }.joined(separator: ","),
                    contribution: phi[k], sources: sources))
        }
        return contributions
    }

    /// The logistic baseline: additive, each input's exact share is w·(z − 0); the baseline is the bias.
    private func logisticScore(features: FeatureVector, z: [Double]) -> DriverScore {
        let logit = model.logit(z)
        let probability = model.probability(logit: logit)
        var contributions: [Contribution] = []
        for (i, key) in model.inputs.enumerated() {
            let f = FeatureSchema.features[FeatureSchema.index[key]!]
            let raw = features[key]
            contributions.append(
                Contribution(
                    feature: key, group: f.group.rawValue, value: Self.format(raw), contribution: model.output[i] * z[i],
                    sources: features.sources[FeatureSchema.index[key]!]))
        }
        return DriverScore(
            probability: probability, driverClass: model.driverClass(probability), scorer: scorerName, isPlaceholder: false,
            modelOutput: logit, baseline: model.outputBias, contributions: contributions)
    }

    static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
        return String(format2: x)
    }
}
