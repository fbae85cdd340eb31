import Foundation

/// A fusion with its junction, evidence and score: one row of the score table, one report card.
public struct ScoredFusion: Sendable, Codable {
    public var fusion: FusionCandidate
    /// The junction's input record IDs (breakend 1, breakend 2), SV type, support and filter.
    public var recordIDs: [String]
    public var svType: StructuralVariantType
    public var support: CallerSupport
    public var inputFile: String
    public var inputLine: Int
    public var inputBuild: GenomeBuild
    public var evidence: FusionEvidence
    public var score: DriverScore
    /// Mechanism, summary and therapy evidence (Explanation stage); JSON `explanation.mechanism.{class, summary, evidence}`.
    public var explanation: BoardExplanation?
}

/// Counts for the report's case summary.
public struct CaseCounts: Sendable, Codable {
    public var recordsRead = 0
    public var filteredOut = 0
    public var skippedContigs = 0
    public var liftoverFailures = 0
    public var singleBreakends = 0
    /// Structural-variant records that imply no junction (insertions, copy-number records).
    public var withoutJunction = 0
    /// Records that are not structural variants (SNVs, small indels), ignored.
    public var notStructural = 0
    /// Input events (calls): rows of the annotate table.
    public var events = 0
    public var junctions = 0
    /// Junctions with at least one breakend in a gene.
    public var junctionsInGenes = 0
    public var fusions = 0
}

/// One input event (a call: mate pair, symbolic record, single breakend, RNA fusion row) with the genes at its
/// breakends and the fusions its junctions form: one row of the `annotate` table.
public struct AnnotatedEvent: Sendable, Codable {
    public var event: StructuralVariantEvent
    public var annotation1: BreakendAnnotation
    public var annotation2: BreakendAnnotation?
    /// Fusion names over all of the event's junctions (an `<INV>` has two), in order, without repeats.
    public var fusions: [String]
    public var note: String?
    /// The build of the input file (its coordinates are in `event.first.inputPosition`).
    public var inputBuild: GenomeBuild
    /// The input file.
    public var inputFile: String
}

/// One patient's analysis: inputs, annotated junctions, scored fusions and provenance.
public struct CaseAnalysis: Sendable, Codable {
    public var sample: String
    public var tumorType: String?
    public var inputs: [CallSet]
    public var junctions: [AnnotatedJunction]
    /// Every input event, in input order (junction-less ones included).
    public var events: [AnnotatedEvent] = []
    /// Ranked by driver probability (highest first), then name.
    public var fusions: [ScoredFusion]
    public var counts: CaseCounts
    public var knowledgeBase: KnowledgeBaseInfo
    public var deNovo: Bool
    public var warnings: [InputWarning]
    /// The trained model that scored the case: its file, training provenance, calibration and class cut-offs.
    public var model: ModelInfo? = nil
}

/// Options of a pipeline run.
public struct PipelineOptions: Sendable {
    public var input = InputOptions()
    /// Score as if the pair had never been reported (no known-fusion evidence).
    public var deNovo = false
    /// Language and optional rephrasing model of the explanations.
    public var explanation = ExplanationOptions()
    /// Folder of the trained driver models (default: ModelStore.locate()).
    public var modelsFolder: String?
    public init() {}
}

/// Runs the stages in order: Input → Annotation → Evidence → Scoring.
public struct Pipeline {
    public let knowledgeBase: KnowledgeBase
    public var options: PipelineOptions

    public init(knowledgeBase: KnowledgeBase, options: PipelineOptions) {
        self.knowledgeBase = knowledgeBase
        self.options = options
    }

    /// Reads every input and analyses the case.
    public func run(inputs: [String], sample: String?, tumorType: String? = nil) throws -> CaseAnalysis {
        // The build checks' gene lookups and the analysis in one read transaction (see analyse).
        try knowledgeBase.db.reading { try runUnlocked(inputs: inputs, sample: sample, tumorType: tumorType) }
    }

    private func runUnlocked(inputs: [String], sample: String?, tumorType: String?) throws -> CaseAnalysis {
        var inputOptions = options.input
        if inputOptions.liftover == nil {
            inputOptions.liftover = try knowledgeBase.liftover()
            if inputOptions.liftover == nil {
                inputOptions.liftoverAbsentReason = "the knowledge base \(knowledgeBase.info.path) was built without the hg19ToHg38 liftover source, and no --chain was given"
            }
        }
        try InputReader.requireDistinct(inputs)
        let callSets = try inputs.map { try read($0, options: inputOptions) }
        var analysis = try analyse(callSets, sample: sample, tumorType: tumorType)
        // Two names for the same bytes (a copy): the calls are counted twice, which the user should know.
        for (k, set) in callSets.enumerated() {
            if let earlier = callSets[..<k].first(where: { $0.sha256 == set.sha256 && !set.sha256.isEmpty }) {
                analysis.warnings.insert(
                    InputWarning(
                        file: set.file, "has the same content as \(earlier.file); its calls are counted twice — give the file once",
                        japanese: "\(earlier.file)と同じ内容です。コールが二重に数えられます。ファイルは1回だけ指定してください"),
                    at: 0)
            }
        }
        return analysis
    }

    /// Reads one input and checks its build against the genes its caller named (``NamedGeneAgreement``; RNA
    /// callers and fusion tables name the genes at each junction). A file that names no build, fewer than half of
    /// whose named genes lie at their breakpoints in GRCh38 and at least half when it is read as GRCh37 (lifted), is
    /// GRCh37, said in a warning and the provenance. Otherwise a build that leaves most named genes away from their
    /// breakpoints gets a warning (the fusions follow the positions, not the names); a stated build is never changed.
    public func read(_ path: String, options: InputOptions) throws -> CallSet {
        var set = try InputReader.read(path, options: options)
        guard set.junctions.contains(where: { $0.namedGene5 != nil || $0.namedGene3 != nil }) else { return set }
        let asRead = try NamedGeneAgreement.of(set, in: knowledgeBase)
        guard asRead.checked >= NamedGeneAgreement.minimumChecked, !asRead.fits else { return set }
        let build = set.build == .grch37 ? "GRCh37 (lifted)" : "GRCh38"
        let named = "only \(asRead.summary) genes its caller named lie at their breakpoints in \(build)"
        let namedJapanese = "コーラーが示した遺伝子のうち\(build == "GRCh38" ? "GRCh38" : "GRCh37（座標変換後）")で切断点に位置するのは\(asRead.checked)個中\(asRead.matched)個のみです"
        let followPositions = "the fusions follow the positions, not the names"
        let followPositionsJapanese = "融合は遺伝子名ではなく位置に従います"
        let noBuildJapanese = "ファイルにビルドの記載がなく、"
        guard set.buildEvidence == .defaulted else {
            set.warnings.insert(
                InputWarning(
                    file: path, "\(named), the build the \(set.buildEvidence.rawValue) gives; check the build and the gene names — \(followPositions)",
                    japanese: "\(namedJapanese)（ビルドは\(ReportLabels(.ja).buildEvidence(set.buildEvidence))による）。ビルドと遺伝子名を確認してください — \(followPositionsJapanese)"),
                at: 0)
            return set
        }
        guard options.liftover != nil else {
            set.warnings.insert(
                InputWarning(
                    file: path,
                    "the file does not name its build, and \(named); is it GRCh37/hg19? Reading GRCh37 needs a liftover chain (--chain, or a knowledge base built with one) — \(followPositions)",
                    japanese: "\(noBuildJapanese)\(namedJapanese)。GRCh37/hg19ではありませんか？ GRCh37を読むには座標変換チェーン（--chain、またはチェーン付きで作成した知識ベース）が必要です — \(followPositionsJapanese)"),
                at: 0)
            return set
        }
        var asGRCh37Options = options
        asGRCh37Options.build = .grch37
        var asGRCh37Set: CallSet
        do {
            asGRCh37Set = try InputReader.read(path, options: asGRCh37Options)
        } catch is InputError {
            set.warnings.insert(
                InputWarning(
                    file: path, "the file does not name its build, and \(named); it cannot be read as GRCh37 either — \(followPositions)",
                    japanese: "\(noBuildJapanese)\(namedJapanese)。GRCh37としても読めません — \(followPositionsJapanese)"),
                at: 0)
            return set
        }
        let asGRCh37 = try NamedGeneAgreement.of(asGRCh37Set, in: knowledgeBase)
        guard asGRCh37.fits else {
            set.warnings.insert(
                InputWarning(
                    file: path,
                    "the file does not name its build, and \(named) (\(asGRCh37.summary) when it is read as GRCh37); check the build and the gene names — \(followPositions)",
                    japanese: "\(noBuildJapanese)\(namedJapanese)（GRCh37として読むと\(asGRCh37.checked)個中\(asGRCh37.matched)個）。ビルドと遺伝子名を確認してください — \(followPositionsJapanese)"),
                at: 0)
            return set
        }
        asGRCh37Set.buildEvidence = .namedGenes
        asGRCh37Set.warnings.insert(
            InputWarning(
                file: path,
                "the file does not name its build, and \(named) but \(asGRCh37.summary) when it is read as GRCh37; read as GRCh37 (lifted to GRCh38) — pass --build to override",
                japanese: "\(noBuildJapanese)\(namedJapanese)が、GRCh37として読むと\(asGRCh37.checked)個中\(asGRCh37.matched)個が位置します。GRCh37として読み、GRCh38へ座標変換しました — 変えるには --build を指定してください"),
            at: 0)
        return asGRCh37Set
    }

    /// Annotates, collects evidence and scores already-read call sets.
    public func analyse(_ callSets: [CallSet], sample: String?, tumorType: String?) throws -> CaseAnalysis {
        // One read transaction for the whole case: the knowledge base is locked for reading once, not per query.
        try knowledgeBase.db.reading { try analyseUnlocked(callSets, sample: sample, tumorType: tumorType) }
    }

    private func analyseUnlocked(_ callSets: [CallSet], sample: String?, tumorType: String?) throws -> CaseAnalysis {
        let annotator = try Annotator(knowledgeBase: knowledgeBase)
        let collector = EvidenceCollector(knowledgeBase: knowledgeBase)
        let scorer = try ModelDriverScorer(knowledgeBase: knowledgeBase, deNovo: options.deNovo, modelsFolder: options.modelsFolder)
        let explainer = Explainer(knowledgeBase: knowledgeBase, options: options.explanation)
        var counts = CaseCounts()
        var annotated: [AnnotatedJunction] = []
        var warnings: [InputWarning] = []
        // Every fusion with its evidence and where it came from, then all of them scored in one batch (spread
        // over the cores), then explained.
        var fusions: [FusionCandidate] = [], evidence: [FusionEvidence] = []
        var origins: [(junction: Junction, set: CallSet)] = []
        for set in callSets {
            counts.recordsRead += set.statistics.recordsRead
            counts.filteredOut += set.statistics.filteredOut
            counts.skippedContigs += set.statistics.skippedContigs
            counts.liftoverFailures += set.statistics.liftoverFailures
            counts.singleBreakends += set.statistics.singleBreakends
            counts.withoutJunction += set.statistics.withoutJunction
            counts.notStructural += set.statistics.notStructural
            counts.events += set.statistics.events
            warnings += set.warnings
            for junction in set.junctions {
                let result = try annotator.annotate(junction)
                annotated.append(result)
                counts.junctions += 1
                if !result.annotation1.hits.isEmpty || !(result.annotation2?.hits.isEmpty ?? true) { counts.junctionsInGenes += 1 }
                for fusion in result.fusions {
                    fusions.append(fusion)
                    evidence.append(try collector.collect(fusion))
                    origins.append((junction, set))
                }
            }
        }
        let scores = try scorer.score(fusions, evidence: evidence)
        var scored: [ScoredFusion] = []
        scored.reserveCapacity(fusions.count)
        for i in fusions.indices {
            let (fusion, junction, set) = (fusions[i], origins[i].junction, origins[i].set)
            let explanation = explainer.explain(fusion: fusion, evidence: evidence[i], score: scores[i], deNovo: options.deNovo, tumourType: tumorType)
            scored.append(
                ScoredFusion(
                    fusion: fusion, recordIDs: junction.recordIDs, svType: junction.svType, support: junction.support,
                    inputFile: set.file, inputLine: junction.line, inputBuild: set.build, evidence: evidence[i], score: scores[i],
                    explanation: explanation))
        }
        // One row per input event (the annotate table), from each call set's slice of the annotated junctions.
        var events: [AnnotatedEvent] = []
        var offset = 0
        for set in callSets {
            let own = Array(annotated[offset..<offset + set.junctions.count])
            for event in set.events {
                var row = try Self.annotate(event, junctions: own, annotator: annotator)
                (row.inputBuild, row.inputFile) = (set.build, set.file)
                events.append(row)
            }
            offset += set.junctions.count
        }
        scored.sort { a, b in
            a.score.probability != b.score.probability ? a.score.probability > b.score.probability
                : (a.fusion.name, a.recordIDs.joined()) < (b.fusion.name, b.recordIDs.joined())
        }
        counts.fusions = scored.count
        let named = callSets.compactMap { set in set.sample.map { ($0, set.file) } }
        if sample == nil, let first = named.first, let other = named.first(where: { $0.0 != first.0 }) {
            warnings.append(
                InputWarning(
                    file: nil, "the inputs name different samples: \(first.0) (\(first.1)) and \(other.0) (\(other.1)); using \(first.0) — pass --sample to name the patient",
                    japanese: "入力ごとにサンプル名が異なります：\(first.0)（\(first.1)）と\(other.0)（\(other.1)）。\(first.0)を使います — 患者名は --sample で指定してください"))
        }
        let name = sample ?? callSets.compactMap(\.sample).first ?? callSets.first.map { URL(fileURLWithPath: $0.file).deletingPathExtension().lastPathComponent } ?? "sample"
        return CaseAnalysis(
            sample: name, tumorType: tumorType, inputs: callSets, junctions: annotated, events: events, fusions: scored, counts: counts,
            knowledgeBase: knowledgeBase.info, deNovo: options.deNovo, warnings: warnings, model: scorer.modelInfo)
    }

    /// An event's row: its first junction's breakend annotations (or its own breakends when it has no junction)
    /// and the fusions of all its junctions.
    static func annotate(_ event: StructuralVariantEvent, junctions: [AnnotatedJunction], annotator: Annotator) throws -> AnnotatedEvent {
        let own = event.junctionIndices.compactMap { $0 < junctions.count ? junctions[$0] : nil }
        var fusions: [String] = []
        for name in own.flatMap({ $0.fusions.map(\.name) }) where !fusions.contains(name) { fusions.append(name) }
        if let first = own.first {
            let (a1, a2): (BreakendAnnotation, BreakendAnnotation?)
            if first.annotation1.breakend == event.first {
                (a1, a2) = (first.annotation1, first.annotation2)
            } else {
                (a1, a2) = (try annotator.annotate(event.first), try event.second.map { try annotator.annotate($0) })
            }
            return AnnotatedEvent(
                event: event, annotation1: a1, annotation2: a2, fusions: fusions, note: own.compactMap(\.note).first, inputBuild: .grch38, inputFile: "")
        }
        return AnnotatedEvent(
            event: event, annotation1: try annotator.annotate(event.first), annotation2: try event.second.map { try annotator.annotate($0) },
            fusions: [], note: event.note, inputBuild: .grch38, inputFile: "")
    }
}
