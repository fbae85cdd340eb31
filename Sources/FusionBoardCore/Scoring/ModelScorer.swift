import Foundation
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

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
            var model = try DriverModel(text: text, file: path)
            model.file = name
            model.fileSHA256 = try FileDigest.sha256(path: path)
            return model
        }
        throw InputError(file: folder, line: nil, "no driver model \(names.joined(separator: " or ")) in the models folder; run `fusionboard train` or pass --models DIR")
    }
}

/// Scores fusions with a trained ``DriverModel``: calibrated probability, class, logit, and exact
/// Shapley contributions per feature group (baseline + Σ contributions = logit).
///
/// One scorer per patient (it holds the extractor's knowledge-base handle and caches). ``score(_:evidence:)``
/// scores all of a patient's fusions at once: the knowledge-base features on this thread, then the structural
/// features, the network and the attributions split over the machine's cores; the scores are the same, bit for
/// bit, as scoring the fusions one by one.
public final class ModelDriverScorer: DriverScorer {
    public let model: DriverModel
    public let extractor: FeatureExtractor
    /// The arithmetic (no knowledge-base access), shared by every thread.
    private let core: ScoringCore
    /// Answers already computed in one-by-one scoring.
    private var cache = ScoringCache()

    public init(knowledgeBase: KnowledgeBase, model: DriverModel) throws {
        self.model = model
        extractor = try FeatureExtractor(knowledgeBase: knowledgeBase, restrictTo: model.profile, inputs: model.inputs)
        scorerName = "\(model.name) (\(model.kind.rawValue), \(model.deNovo ? "de novo" : "all evidence"), KB profile \(extractor.profile.name))"
        core = ScoringCore(model: model, scorerName: scorerName)
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

    /// The model's file, training provenance, calibration and cut-offs, with the profile it scores with.
    public var modelInfo: ModelInfo { ModelInfo(model, scoringProfile: extractor.profile.name) }

    public func score(_ fusion: FusionCandidate, evidence: FusionEvidence, deNovo: Bool) throws -> DriverScore {
        try score(features: try extractor.extract(fusion, evidence: evidence))
    }

    /// Scores a feature vector.
    public func score(features: FeatureVector) throws -> DriverScore {
        core.score(features, cache: &cache)
    }

    /// Without an explicit thread count, batches smaller than this are scored on the calling thread.
    static let parallelBatch = 256
    /// Fusions per chunk handed from the knowledge-base thread to the scoring threads.
    static let chunkSize = 64

    /// Scores a patient's fusions (`evidence[i]` is `fusions[i]`'s), in order: the same scores as
    /// ``score(_:evidence:deNovo:)`` one by one.
    ///
    /// With several threads (`threads`, default: the active processor count, at most 8, for batches of at least
    /// 256 fusions), the first thread computes the knowledge-base features chunk by chunk (SQLite and the
    /// extractor's caches stay on that one thread) and publishes each chunk; meanwhile another thread reads the
    /// known-fusion table on a connection of its own (when the features need it; the first thread takes it over),
    /// and the other threads compute the structural features of every fusion (they need no knowledge base). Then
    /// every thread, the first one too once it has published the last chunk, takes the next published chunk, joins
    /// its two halves and scores it.
    public func score(_ fusions: [FusionCandidate], evidence: [FusionEvidence], threads: Int? = nil) throws -> [DriverScore] {
        precondition(fusions.count == evidence.count, "one evidence list per fusion")
        // The batch's queries in one read transaction (inside the pipeline's own, when there is one).
        return try extractor.kb.db.reading { try scoreBatch(fusions, evidence: evidence, threads: threads) }
    }

    private func scoreBatch(_ fusions: [FusionCandidate], evidence: [FusionEvidence], threads: Int?) throws -> [DriverScore] {
        let count = fusions.count
        let cores = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        let workers = max(1, min(threads ?? (count < Self.parallelBatch ? 1 : cores), count))
        let structural = extractor.structural, core = core
        // The genes whose knowledge features the evidence does not answer (``GenePairFacts``; evidence from the
        // collector answers them all): few enough of them, and the per-gene tables are read for them alone.
        var genes = Set<String>()
        // By index: `for fusion in fusions` copies every fusion record (a retain per field) to read two names.
        for i in fusions.indices {
            let gene5 = fusions[i].fivePrime.gene, gene3 = fusions[i].threePrime.gene
            if extractor.usableFacts(evidence[i], gene5: gene5, gene3: gene3) == nil {
                genes.insert(gene5)
                genes.insert(gene3)
            }
        }
        let subset = extractor.readsSubset(genes: genes.count)
        if workers == 1 {
            if subset { try extractor.prepare(genes: genes) }
            return try fusions.indices.map { i in
                var v = try extractor.knowledgeFeatures(gene5: fusions[i].fivePrime.gene, gene3: fusions[i].threePrime.gene, evidence: evidence[i])
                structural.fill(&v, fusions[i], svType: nil)
                return core.score(v, cache: &cache)
            }
        }
        // Optional so each vector can be taken out and completed in place (no copy of its arrays).
        var knowledge = [FeatureVector?](repeating: nil, count: count), structure = [FeatureVector?](repeating: nil, count: count)
        var scores = [DriverScore?](repeating: nil, count: count)
        var failure: (any Error)?
        fusions.withUnsafeBufferPointer { fusions in
            evidence.withUnsafeBufferPointer { evidence in
                knowledge.withUnsafeMutableBufferPointer { knowledge in
                    structure.withUnsafeMutableBufferPointer { structure in
                        scores.withUnsafeMutableBufferPointer { scores in
                            let run = ParallelScoring(
                                fusions: fusions, evidence: evidence, vectors: knowledge, structure: structure, scores: scores, extractor: extractor,
                                structural: structural, core: core, chunkSize: Self.chunkSize)
                            if subset { run.genes = genes }
                            if extractor.mayReadKnownFusionTable && !subset && !genes.isEmpty {
                                run.knownTableSource = (extractor.kb.path, extractor.kb.info.buildID)
                                extractor.knownFusionTableAhead = { [unowned run] in try run.knownFusionTableForPublisher() }
                            }
                            defer { extractor.knownFusionTableAhead = nil }
                            DispatchQueue.concurrentPerform(iterations: workers) { w in
                                if w == 0 { run.publishKnowledge() } else { run.readKnownFusionTableAhead() }
                                run.scorePublishedChunks()
                            }
                            failure = run.failure.withLock { $0 }
                        }
                    }
                }
            }
        }
        if let failure { throw failure }
        return scores.map { $0! }
    }
}

/// One parallel batch of ``ModelDriverScorer/score(_:evidence:threads:)``: the first thread computes the knowledge
/// features chunk by chunk and publishes each chunk (release/acquire). Every thread first takes structural chunks
/// until none is left (on the first thread, none is left by the time it has published) and waits until all are
/// done, then takes published chunks in order, joins the two halves of each vector and scores them. Each chunk's
/// slots are written by one thread at a time (the publisher or the thread that filled its structure, then the one
/// thread that took it for scoring), and the buffers outlive the run (`concurrentPerform` returns after every
/// thread).
private final class ParallelScoring: @unchecked Sendable {
    let fusions: UnsafeBufferPointer<FusionCandidate>, evidence: UnsafeBufferPointer<FusionEvidence>
    let vectors: UnsafeMutableBufferPointer<FeatureVector?>, structure: UnsafeMutableBufferPointer<FeatureVector?>
    let scores: UnsafeMutableBufferPointer<DriverScore?>
    /// Used by the publishing thread only.
    let extractor: FeatureExtractor
    let structural: StructuralFeatures, core: ScoringCore
    let chunkSize: Int, chunks: Int
    /// Chunks whose knowledge features are written (Int.max after a failure), and chunks handed out.
    let published = Atomic<Int>(0), taken = Atomic<Int>(0)
    /// Chunks handed out for their structural features, and chunks whose structural features are written.
    let structureTaken = Atomic<Int>(0), structureDone = Atomic<Int>(0)
    /// The knowledge base file and build whose known-fusion table a scoring thread reads ahead (nil: none).
    /// Set before the threads start.
    var knownTableSource: (path: String, buildID: String)?
    /// The batch's genes, when the publisher is to read the per-gene tables for them alone (set before the threads
    /// start).
    var genes: Set<String>?
    /// The read ahead: claimed by the first thread to want it (a scoring thread, or the publisher, which then
    /// reads it on its own connection), its result, and whether the result is there.
    let knownTableClaimed = Atomic<Bool>(false), knownTableReady = Atomic<Bool>(false)
    let knownTable = Mutex<Result<FeatureExtractor.KnownFusionTable?, any Error>?>(nil)
    let failure = Mutex<(any Error)?>(nil)

    init(
        fusions: UnsafeBufferPointer<FusionCandidate>, evidence: UnsafeBufferPointer<FusionEvidence>, vectors: UnsafeMutableBufferPointer<FeatureVector?>,
        structure: UnsafeMutableBufferPointer<FeatureVector?>, scores: UnsafeMutableBufferPointer<DriverScore?>, extractor: FeatureExtractor,
        structural: StructuralFeatures, core: ScoringCore, chunkSize: Int
    ) {
        (self.fusions, self.evidence, self.vectors, self.structure, self.scores) = (fusions, evidence, vectors, structure, scores)
        (self.extractor, self.structural, self.core, self.chunkSize) = (extractor, structural, core, chunkSize)
        chunks = (fusions.count + chunkSize - 1) / chunkSize
    }

    private func slice(_ c: Int) -> Range<Int> { (c * chunkSize)..<min(fusions.count, (c + 1) * chunkSize) }

    func publishKnowledge() {
        do {
            if let genes { try extractor.prepare(genes: genes) }
            for c in 0..<chunks {
                for i in slice(c) {
                    vectors[i] = try extractor.knowledgeFeatures(gene5: fusions[i].fivePrime.gene, gene3: fusions[i].threePrime.gene, evidence: evidence[i])
                }
                published.store(c + 1, ordering: .releasing)
            }
        } catch {
            failure.withLock { $0 = error }
            published.store(Int.max, ordering: .releasing)
        }
    }

    /// On a scoring thread: reads the known-fusion table on a connection of its own, unless no read ahead was
    /// asked for or another thread has claimed it.
    func readKnownFusionTableAhead() {
        guard let source = knownTableSource, knownTableClaimed.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return }
        let result = Result { try FeatureExtractor.readKnownFusionTable(path: source.path, buildID: source.buildID) }
        knownTable.withLock { $0 = result }
        knownTableReady.store(true, ordering: .releasing)
    }

    /// On the publishing thread, when the extractor needs the known-fusion table: nil when the publisher is to read
    /// it itself (no scoring thread had claimed it, or the file is no longer the same build), else the table read
    /// ahead, waited for, or its error.
    func knownFusionTableForPublisher() throws -> FeatureExtractor.KnownFusionTable? {
        if knownTableClaimed.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged { return nil }
        while !knownTableReady.load(ordering: .acquiring) { sched_yield() }
        return try knownTable.withLock { $0! }.get()
    }

    func scorePublishedChunks() {
        var cache = ScoringCache()
        cache.attributed.reserveCapacity(fusions.count)
        let structural = structural.privateCopy(), core = core.privateCopy()
        while true {
            let c = structureTaken.wrappingAdd(1, ordering: .relaxed).oldValue
            if c >= chunks { break }
            for i in slice(c) {
                var v = FeatureVector()
                structural.fill(&v, fusions[i], svType: nil)
                structure[i] = v
            }
            structureDone.wrappingAdd(1, ordering: .releasing)
        }
        while structureDone.load(ordering: .acquiring) < chunks { sched_yield() }
        while true {
            let c = taken.wrappingAdd(1, ordering: .relaxed).oldValue
            if c >= chunks { return }
            var ready = published.load(ordering: .acquiring)
            while ready <= c {
                sched_yield()
                ready = published.load(ordering: .acquiring)
            }
            if ready == Int.max { return }
            for i in slice(c) {
                var v = structure[i].take()!
                v.join(vectors[i].take()!)
                scores[i] = core.score(v, cache: &cache)
            }
        }
    }
}

/// Answers a scoring thread has already computed: per distinct input vector the logit, baseline and group values
/// (with the contributions for the sources they were last cited with); per group the feature lists by which of
/// its inputs are non-zero, and the sources its inputs last cited with their union; formatted feature values.
struct ScoringCache {
    struct Attributed {
        var logit: Double, baseline: Double, values: [Double]
        var sources: [[String]]
        var contributions: [Contribution]
    }
    var attributed: [[UInt64]: Attributed] = [:]
    /// featureLists[k][mask]: group k's inputs whose bit is set in mask, comma-joined.
    var featureLists: [[UInt64: String]] = []
    /// groupSources[k]: the source lists group k's inputs cited, and their union in order.
    var groupSources: [(cited: [[String]], union: [String])?] = []
    /// Feature values as shown (``ModelDriverScorer/format(_:)``), by bit pattern.
    var formatted: [UInt64: String] = [:]
}

/// The arithmetic of a model's scores, with no knowledge-base access and no shared mutable state: standardised
/// inputs, the network's logit and exact group Shapley values (or the logistic baseline's additive shares), the
/// calibrated probability and class, and each contribution's features, values and sources.
struct ScoringCore: Sendable {
    let model: DriverModel
    let scorerName: String
    let groups: [(group: FeatureGroup, indices: [Int])]
    /// Schema index of each model input.
    let schemaIndex: [Int]
    /// The network's attributions kernel (nil for the logistic baseline).
    let kernel: ShapleyKernel?

    /// The same scorer with its name in storage of its own (every score retains it; see
    /// ``StructuralFeatures/privateCopy()``).
    func privateCopy() -> ScoringCore { ScoringCore(model: model, scorerName: String(decoding: Array(scorerName.utf8), as: UTF8.self)) }

    init(model: DriverModel, scorerName: String) {
        self.model = model
        self.scorerName = scorerName
        groups = model.groups
        schemaIndex = model.inputs.map { FeatureSchema.index[$0]! }
        kernel = model.kind == .network ? ShapleyKernel(model) : nil
    }

    func score(_ features: FeatureVector, cache: inout ScoringCache) -> DriverScore {
        guard let kernel else {
            let z = schemaIndex.indices.map { (features.values[schemaIndex[$0]] - model.mean[$0]) / model.scale[$0] }
            return logisticScore(features: features, z: z)
        }
        let key = schemaIndex.map { features.values[$0].bitPattern }
        let entry: ScoringCache.Attributed
        if var known = cache.attributed[key] {
            if known.sources != features.sources {
                known.sources = features.sources
                known.contributions = contributions(features, known.values, cache: &cache)
                cache.attributed[key] = known
            }
            entry = known
        } else {
            let z = schemaIndex.indices.map { (features.values[schemaIndex[$0]] - model.mean[$0]) / model.scale[$0] }
            let (logit, baseline, values) = kernel.attribute(z)
            entry = ScoringCache.Attributed(
                logit: logit, baseline: baseline, values: values, sources: features.sources, contributions: contributions(features, values, cache: &cache))
            cache.attributed[key] = entry
        }
        let probability = model.probability(logit: entry.logit)
        return DriverScore(
            probability: probability, driverClass: model.driverClass(probability), scorer: scorerName, isPlaceholder: false,
            modelOutput: entry.logit, baseline: entry.baseline, contributions: entry.contributions)
    }

    /// The network's per-group contributions: each group's Shapley value with its non-zero features (or all of
    /// them), their values and the union of their sources.
    private func contributions(_ features: FeatureVector, _ phi: [Double], cache: inout ScoringCache) -> [Contribution] {
        if cache.featureLists.count != groups.count {
            cache.featureLists = Array(repeating: [:], count: groups.count)
            cache.groupSources = Array(repeating: nil, count: groups.count)
        }
        var contributions: [Contribution] = []
        contributions.reserveCapacity(groups.count)
        for (k, group) in groups.enumerated() {
            let members = group.indices
            // The non-zero inputs (or all of them when none is), as a bit mask over the group's inputs.
            var mask: UInt64 = 0
            for (j, i) in members.enumerated() where features.values[schemaIndex[i]] != 0 { mask |= 1 << UInt64(j) }
            if mask == 0 { mask = members.count >= 64 ? ~0 : (1 << UInt64(members.count)) - 1 }
            let feature: String
            if let known = cache.featureLists[k][mask] {
                feature = known
            } else {
                feature = members.enumerated().filter { mask & (1 << UInt64($0.offset)) != 0 }.map { model.inputs[$0.element] }.joined(separator: ",")
                cache.featureLists[k][mask] = feature
            }
            var value = ""
            for (j, i) in members.enumerated() where mask & (1 << UInt64(j)) != 0 {
                let x = features.values[schemaIndex[i]]
                if !value.isEmpty { value += "," }
                if let shown = cache.formatted[x.bitPattern] {
                    value += shown
                } else {
                    let shown = ModelDriverScorer.format(x)
                    cache.formatted[x.bitPattern] = shown
                    value += shown
                }
            }
            let sources: [String]
            if let known = cache.groupSources[k], zip(known.cited, members).allSatisfy({ $0 == features.sources[schemaIndex[$1]] }) {
                sources = known.union
            } else {
                sources = sourceUnion(features, members)
                cache.groupSources[k] = (members.map { features.sources[schemaIndex[$0]] }, sources)
            }
            contributions.append(Contribution(feature: feature, group: group.group.rawValue, value: value, contribution: phi[k], sources: sources))
        }
        return contributions
    }

    /// The union of the sources a group's inputs cite, in input order.
    private func sourceUnion(_ features: FeatureVector, _ members: [Int]) -> [String] {
        var sources: [String] = []
        var previous: [String]? = nil
        for i in members {
            let cited = features.sources[schemaIndex[i]]
            if cited.isEmpty || cited == previous { continue }  // most features of a group cite one shared list
            for s in cited where !sources.contains(s) { sources.append(s) }
            previous = cited
        }
        return sources
    }

    /// The logistic baseline: additive, each input's exact share is w·(z − 0); the baseline is the bias.
    private func logisticScore(features: FeatureVector, z: [Double]) -> DriverScore {
        let logit = model.logit(z)
        let probability = model.probability(logit: logit)
        var contributions: [Contribution] = []
        for (i, key) in model.inputs.enumerated() {
            let f = FeatureSchema.features[schemaIndex[i]]
            contributions.append(
                Contribution(
                    feature: key, group: f.group.rawValue, value: ModelDriverScorer.format(features.values[schemaIndex[i]]),
                    contribution: model.output[i] * z[i], sources: features.sources[schemaIndex[i]]))
        }
        return DriverScore(
            probability: probability, driverClass: model.driverClass(probability), scorer: scorerName, isPlaceholder: false,
            modelOutput: logit, baseline: model.outputBias, contributions: contributions)
    }
}

extension ModelDriverScorer {
    static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
        return String(format2: x)
    }
}
