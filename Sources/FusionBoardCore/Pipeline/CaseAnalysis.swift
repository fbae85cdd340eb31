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
}

/// Counts for the report's case summary.
public struct CaseCounts: Sendable, Codable {
    public var recordsRead = 0
    public var filteredOut = 0
    public var skippedContigs = 0
    public var liftoverFailures = 0
    public var singleBreakends = 0
    public var junctions = 0
    /// Junctions with at least one breakend in a gene.
    public var junctionsInGenes = 0
    public var fusions = 0
}

/// One patient's analysis: inputs, annotated junctions, scored fusions and provenance.
public struct CaseAnalysis: Sendable, Codable {
    public var sample: String
    public var tumorType: String?
    public var inputs: [CallSet]
    public var junctions: [AnnotatedJunction]
    /// Ranked by driver probability (highest first), then name.
    public var fusions: [ScoredFusion]
    public var counts: CaseCounts
    public var knowledgeBase: KnowledgeBaseInfo
    public var deNovo: Bool
    public var warnings: [String]
}

/// Options of a pipeline run.
public struct PipelineOptions: Sendable {
    public var input = InputOptions()
    /// Score as if the pair had never been reported (no known-fusion evidence).
    public var deNovo = false
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
        var inputOptions = options.input
        if inputOptions.liftover == nil { inputOptions.liftover = try knowledgeBase.liftover() }
        let callSets = try inputs.map { try InputReader.read($0, options: inputOptions) }
        return try analyse(callSets, sample: sample, tumorType: tumorType)
    }

    /// Annotates, collects evidence and scores already-read call sets.
    public func analyse(_ callSets: [CallSet], sample: String?, tumorType: String?) throws -> CaseAnalysis {
        let annotator = try Annotator(knowledgeBase: knowledgeBase)
        let collector = EvidenceCollector(knowledgeBase: knowledgeBase)
        let scorer = try ModelDriverScorer(knowledgeBase: knowledgeBase, deNovo: options.deNovo, modelsFolder: options.modelsFolder)
        var counts = CaseCounts()
        var annotated: [AnnotatedJunction] = []
        var scored: [ScoredFusion] = []
        var warnings: [String] = []
        for set in callSets {
            counts.recordsRead += set.statistics.recordsRead
            counts.filteredOut += set.statistics.filteredOut
            counts.skippedContigs += set.statistics.skippedContigs
            counts.liftoverFailures += set.statistics.liftoverFailures
            counts.singleBreakends += set.statistics.singleBreakends
            warnings += set.warnings
            for junction in set.junctions {
                let result = try annotator.annotate(junction)
                annotated.append(result)
                counts.junctions += 1
                if !result.annotation1.hits.isEmpty || !(result.annotation2?.hits.isEmpty ?? true) { counts.junctionsInGenes += 1 }
                for fusion in result.fusions {
                    let evidence = try collector.collect(fusion)
                    let score = try scorer.score(fusion, evidence: evidence, deNovo: options.deNovo)
                    scored.append(
                        ScoredFusion(
                            fusion: fusion, recordIDs: junction.recordIDs, svType: junction.svType, support: junction.support,
                            inputFile: set.file, inputLine: junction.line, inputBuild: set.build, evidence: evidence, score: score))
                }
            }
        }
        scored.sort { a, b in
            a.score.probability != b.score.probability ? a.score.probability > b.score.probability
                : (a.fusion.name, a.recordIDs.joined()) < (b.fusion.name, b.recordIDs.joined())
        }
        counts.fusions = scored.count
        let name = sample ?? callSets.compactMap(\.sample).first ?? callSets.first.map { URL(fileURLWithPath: $0.file).deletingPathExtension().lastPathComponent } ?? "sample"
        return CaseAnalysis(
            sample: name, tumorType: tumorType, inputs: callSets, junctions: annotated, fusions: scored, counts: counts,
            knowledgeBase: knowledgeBase.info, deNovo: options.deNovo, warnings: warnings)
    }
}
