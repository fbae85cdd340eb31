import CBuildInfo
import Foundation

/// The tool's version and the commit it was built from, printed in every output.
public enum FusionBoardVersion {
    public static let current = "0.1.0"
    /// Git commit stamped by the Makefile at build time (`unknown` for a plain `swift build`).
    public static var commit: String { String(cString: fusionboard_git_commit()) }
}

/// Everything a case report shows, as plain values: the `--json` output and the source of the
/// template context. Built once from a ``CaseAnalysis``; the HTML, Markdown, JSON and TSV all
/// come from it, so they cannot disagree.
public struct CaseReport: Sendable, Codable {
    public var format = "fusionboard-case-report/1"
    public var sample: String
    public var tumorType: String?
    public var language: ReportLanguage
    /// UTC date and time of the run (`SOURCE_DATE_EPOCH` when set).
    public var generated: String
    public var tool: ToolProvenance
    public var genomeBuild: String
    public var inputs: [InputProvenance]
    public var knowledgeBase: KnowledgeBaseProvenance
    public var model: ModelProvenance
    public var counts: CaseCounts
    public var deNovo: Bool
    public var warnings: [String]
    /// Every fusion, ranked by driver probability (highest first).
    public var fusions: [FusionReport]
    /// Fusions given a full card in the HTML (the first `maxCards` of `fusions`).
    public var cardsShown: Int
    public var disclaimer: String
}

public struct ToolProvenance: Sendable, Codable {
    public var name = "FusionBoard"
    public var version: String
    public var commit: String
    public var cmark: String
}

public struct InputProvenance: Sendable, Codable {
    /// File name (without its folder, so the report does not depend on where it was run).
    public var file: String
    public var format: String
    public var build: String
    public var buildEvidence: String
    public var sha256: String
    public var sample: String?
}

public struct KnowledgeBaseProvenance: Sendable, Codable {
    public var buildID: String
    public var builtAt: String
    public var profile: String
    public var schemaVersion: Int
    public var sources: [SourceProvenance]
    /// Optional source categories absent from the build.
    public var missing: [String]
}

public struct SourceProvenance: Sendable, Codable {
    public var name: String
    public var category: String
    public var version: String?
    public var date: String?
    public var licence: String
    public var rows: Int
    public var sha256: String
    public var optional: Bool
}

extension SourceProvenance {
    /// The curated FDA-label therapy table built into FusionBoard (not stored in the knowledge base): its revision,
    /// entry count and checksum.
    public static var therapyTable: SourceProvenance {
        SourceProvenance(
            name: TherapyTable.sourceName, category: TherapyTable.sourceCategory, version: "revision \(TherapyTable.revision)", date: TherapyTable.revision,
            licence: TherapyTable.licence, rows: TherapyTable.entries.count, sha256: TherapyTable.digest, optional: false)
    }
}

public struct ModelProvenance: Sendable, Codable {
    /// Scorer name and version as the score carries it.
    public var scorer: String
    public var isPlaceholder: Bool
    /// Evaluation figures of the model (metric, data set, value) as its file records them.
    public var evaluation: [ModelMetric]
    /// The trained model's file and SHA-256, training provenance, calibration and class cut-offs; nil for a scorer
    /// that is not a trained model, and when no fusion was scored.
    public var trainedModel: ModelInfo?
}

public struct ModelMetric: Sendable, Codable {
    public var metric: String
    public var dataset: String
    public var value: String
}

/// One fusion as the report shows it.
public struct FusionReport: Sendable, Codable {
    public var rank: Int
    /// `GENE5::GENE3` (HGNC notation, the score table's `fusion`).
    public var name: String
    /// VICC display name: `GENE5(::)GENE3` when inferred from DNA only.
    public var displayName: String
    public var inferredFromDNA: Bool
    public var probability: Double
    public var driverClass: DriverClass
    public var frame: ReadingFrame
    public var svType: String
    public var recordIDs: [String]
    public var event: String?
    public var filter: String?
    public var support: CallerSupport
    public var inputFile: String
    public var inputLine: Int
    public var inputBuild: String
    public var breakend5: BreakendReport
    public var breakend3: BreakendReport
    public var fivePrime: PartnerReport
    public var threePrime: PartnerReport
    /// Length of the predicted fusion protein (amino acids), nil when it cannot be predicted.
    public var fusionProteinLength: Int?
    public var adjacentSameStrand: Bool
    public var evidence: [EvidenceRow]
    public var contributions: [Contribution]
    public var modelOutput: Double
    public var baseline: Double
    public var literature: LiteratureSummary
    /// Mechanism class and summary from the explanation stage; nil until it is computed.
    public var mechanism: String?
    public var summary: String?
    public var therapies: [TherapyRow]
    public var caveats: [String]
}

public struct BreakendReport: Sendable, Codable {
    public var id: String
    /// `chr10:32025000` in GRCh38.
    public var grch38: String
    /// The position as the input wrote it, in its own build.
    public var input: String
    public var keptSide: String?
    public var confidenceInterval: String?
}

public struct PartnerReport: Sendable, Codable {
    public var gene: String
    public var role: String
    public var transcript: String
    public var strand: String
    public var location: String
    public var exonCount: Int
    public var keptExons: String?
    public var keptResidues: ClosedRange<Int>?
    public var proteinLength: Int
    public var alternativeTranscripts: [String]
    public var domains: [RetainedDomain]
}

public struct EvidenceRow: Sendable, Codable {
    public var key: String
    public var label: String
    public var group: String
    /// The value as text in the report's language; for ``EvidenceValue/unknown`` `unknown (source absent)`, or why the
    /// value is unknown although the source is present (`not listed in Mitelman recurrent fusions (…)`), never a 0.
    public var value: String
    /// True when the knowledge base cannot give the value: its source is absent, or does not list the pair.
    public var absent: Bool
    public var sources: [String]
    public var pmids: [Int]
    public var detail: String?
    /// The model's signed contribution for this feature, when it has one.
    public var contribution: Double?
}

public struct LiteratureSummary: Sendable, Codable {
    public var pubmed5: String
    public var pubmed3: String
    public var cocitations: String
    /// PubMed IDs citing both genes (newest first, at most 20).
    public var pmids: [Int]
}

/// A therapy matched to the fusion, with its evidence level and source.
public struct TherapyRow: Sendable, Codable {
    public var therapy: String
    /// The AMP/ASCO/CAP tier (or "not tiered") with the source's level, and why that tier:
    /// `AMP/ASCO/CAP I-A (FDA-approved) — FDA label for this tumour type (“lung”)`.
    public var level: String
    /// The reference and the domain check behind the match.
    public var source: String
    public var pmids: [Int]
    /// ``level`` in its two parts, for the templates (a printed card gives each reason once, under the table).
    /// Not part of the JSON.
    public var tier = ""
    public var tierReason = ""
    /// A drug–gene interaction database record (no tier): shown on screen, left out of print. Not part of the JSON.
    public var interactionRecord = false

    private enum CodingKeys: String, CodingKey { case therapy, level, source, pmids }
}

extension CaseReport {
    /// Builds the report document from an analysis.
    public static func make(_ a: CaseAnalysis, generatedAt: Date, language: ReportLanguage, maxCards: Int) -> CaseReport {
        let labels = ReportLabels(language)
        var junctionByIDs: [[String]: Junction] = [:]
        for j in a.junctions where junctionByIDs[j.junction.recordIDs] == nil { junctionByIDs[j.junction.recordIDs] = j.junction }
        // Each gene pair's first (highest-ranked) fusion, for the reciprocal-junction caveat (B::A beside A::B).
        var firstByPair: [String: Int] = [:]
        for (index, f) in a.fusions.enumerated() where firstByPair[f.fusion.name] == nil { firstByPair[f.fusion.name] = index }
        let fusions = a.fusions.enumerated().map { index, f in
            let reverse = f.fusion.fivePrime.gene == f.fusion.threePrime.gene ? nil : firstByPair["\(f.fusion.threePrime.gene)::\(f.fusion.fivePrime.gene)"]
            return FusionReport.make(
                f, rank: index + 1, junction: junctionByIDs[f.recordIDs], reciprocal: reverse.map { ($0 + 1, a.fusions[$0]) }, analysis: a, labels: labels)
        }
        let kb = a.knowledgeBase
        let scorer = a.fusions.first?.score.scorer ?? "none (no candidate fusion to score)"
        return CaseReport(
            sample: a.sample, tumorType: a.tumorType, language: language, generated: formatDate(generatedAt),
            tool: ToolProvenance(version: FusionBoardVersion.current, commit: FusionBoardVersion.commit, cmark: Markdown.libraryVersion),
            genomeBuild: GenomeBuild.grch38.rawValue,
            inputs: a.inputs.map {
                InputProvenance(
                    file: URL(fileURLWithPath: $0.file).lastPathComponent, format: $0.format.rawValue, build: $0.build.rawValue,
                    buildEvidence: labels.buildEvidence($0.buildEvidence), sha256: $0.sha256, sample: $0.sample)
            },
            knowledgeBase: KnowledgeBaseProvenance(
                buildID: kb.buildID, builtAt: kb.builtAt, profile: kb.profile, schemaVersion: kb.schemaVersion,
                sources: kb.sources.map {
                    SourceProvenance(
                        name: $0.name, category: $0.category, version: $0.version, date: $0.date, licence: $0.licence, rows: $0.rows,
                        sha256: $0.sha256, optional: $0.optional)
                } + [.therapyTable],
                missing: kb.missingCategories),
            model: ModelProvenance(
                scorer: scorer, isPlaceholder: a.fusions.contains { $0.score.isPlaceholder },
                evaluation: modelEvaluation(a, labels: labels), trainedModel: a.fusions.isEmpty ? nil : a.model),
            counts: a.counts, deNovo: a.deNovo,
            warnings: a.warnings.map { $0.reportText(japanese: language == .ja, inputs: a.inputs.map(\.file)) },
            fusions: fusions, cardsShown: min(max(0, maxCards), fusions.count),
            disclaimer: labels.disclaimer)
    }

    /// `2026-11-25 13:40 UTC`, locale-independent.
    public static func formatDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    /// Evaluation figures of the model that scored the case, as its file records them: the training set's out-of-fold
    /// AUROC. The placeholder rule has none; held-out test figures are in Models/MODEL.md (the Methods say so).
    static func modelEvaluation(_ a: CaseAnalysis, labels: ReportLabels) -> [ModelMetric] {
        guard !a.fusions.isEmpty, let model = a.model, let auroc = model.trainingOutOfFoldAUROC else { return [] }
        return [ModelMetric(metric: "AUROC", dataset: labels.outOfFoldDataset(model), value: auroc)]
    }
}

extension FusionReport {
    static func make(
        _ f: ScoredFusion, rank: Int, junction: Junction?, reciprocal: (rank: Int, fusion: ScoredFusion)?, analysis a: CaseAnalysis, labels: ReportLabels
    ) -> FusionReport {
        let fusion = f.fusion
        let contributionByFeature = Dictionary(f.score.contributions.map { ($0.feature, $0.contribution) }, uniquingKeysWith: { a, _ in a })
        let evidence = f.evidence.items.map { item in
            EvidenceRow(
                key: item.key, label: item.label, group: item.group, value: labels.evidenceValue(item), absent: item.value == .unknown,
                sources: item.sources, pmids: item.pmids, detail: labels.evidenceDetail(item), contribution: contributionByFeature[item.key])
        }
        let literature = LiteratureSummary(
            pubmed5: f.evidence["pubmed_count_5p"].map(labels.evidenceValue) ?? labels.notAvailable,
            pubmed3: f.evidence["pubmed_count_3p"].map(labels.evidenceValue) ?? labels.notAvailable,
            cocitations: f.evidence["cocitation"].map(labels.evidenceValue) ?? labels.notAvailable,
            pmids: Array((f.evidence["cocitation"]?.pmids ?? []).prefix(20)))
        let explanation = Self.explanation(of: f, labels: labels)
        return FusionReport(
            rank: rank, name: fusion.name, displayName: fusion.displayName, inferredFromDNA: fusion.inferredFromDNA,
            probability: f.score.probability, driverClass: f.score.driverClass, frame: fusion.frame, svType: f.svType.rawValue,
            recordIDs: f.recordIDs, event: junction?.event, filter: junction?.filter, support: f.support,
            inputFile: URL(fileURLWithPath: f.inputFile).lastPathComponent, inputLine: f.inputLine, inputBuild: f.inputBuild.rawValue,
            breakend5: BreakendReport(fusion.breakend5, inputBuild: f.inputBuild), breakend3: BreakendReport(fusion.breakend3, inputBuild: f.inputBuild),
            fivePrime: PartnerReport(fusion.fivePrime, role: .fivePrime, labels: labels), threePrime: PartnerReport(fusion.threePrime, role: .threePrime, labels: labels),
            fusionProteinLength: fusion.proteinLength, adjacentSameStrand: fusion.adjacentSameStrand, evidence: evidence,
            contributions: f.score.contributions, modelOutput: f.score.modelOutput, baseline: f.score.baseline, literature: literature,
            mechanism: explanation.mechanism, summary: explanation.summary, therapies: explanation.therapies,
            caveats: caveats(f, junction: junction, reciprocal: reciprocal, analysis: a, labels: labels))
    }

    /// The explanation stage's mechanism, summary (in the report's language) and therapy rows for a fusion; nil and
    /// empty when the fusion was not explained.
    static func explanation(of f: ScoredFusion, labels: ReportLabels) -> (mechanism: String?, summary: String?, therapies: [TherapyRow]) {
        guard let e = f.explanation else { return (nil, nil, []) }
        var summary = e.mechanism.summary
        if let r = e.rephrasing, r.accepted {
            summary += labels.language == .ja ? "（言語モデル \(r.model) による言い換え。根拠項目と照合済み）" : " (rephrased by the language model \(r.model); checked against the evidence items)"
        }
        let therapies = e.therapies.map { t in
            TherapyRow(
                therapy: "\(t.drug) — \(labels.therapyContext(t))", level: "\(labels.therapyTier(t)) — \(labels.therapyTierReason(t))",
                source: "\(t.reference); \(labels.therapyDomainCheck(t))", pmids: t.pmids, tier: labels.therapyTier(t),
                tierReason: labels.therapyTierReason(t), interactionRecord: !t.isTiered)
        }
        return (e.mechanism.mechanismClass.rawValue, summary, therapies)
    }

    /// The card's caveats; `reciprocal` is the patient's fusion joining the same genes the other way round, with its rank.
    static func caveats(
        _ f: ScoredFusion, junction: Junction?, reciprocal: (rank: Int, fusion: ScoredFusion)?, analysis a: CaseAnalysis, labels: ReportLabels
    ) -> [String] {
        var list: [String] = []
        if f.score.isPlaceholder { list.append(labels.caveatPlaceholder) }
        if f.fusion.inferredFromDNA { list.append(labels.caveatDNAOnly) }
        if let text = labels.caveatFrame(f.fusion.frame, exonLevel: f.fusion.exonLevelFrame) { list.append(text) }
        if f.fusion.adjacentSameStrand { list.append(labels.caveatReadThrough) }
        // The reciprocal junction of a balanced rearrangement (B::A beside A::B): usually one product drives the tumour.
        if let (rank, other) = reciprocal {
            func catalogues(_ s: ScoredFusion) -> Int? {
                if case .number(let n)? = s.evidence["known_fusion_sources"]?.value { return Int(n) }
                return nil
            }
            let counts = a.deNovo ? nil : catalogues(f).flatMap { mine in catalogues(other).map { (mine, $0) } }
            list.append(labels.caveatReciprocal(other: other.fusion.displayName, rank: rank, thisName: f.fusion.name, otherName: other.fusion.name, catalogues: counts))
        }
        if let total = f.support.totalReads {
            if total < 5 { list.append(labels.caveatLowSupport(total)) }
        } else {
            list.append(labels.caveatNoSupport)
        }
        if let filter = junction?.filter, filter != "PASS", filter != "." { list.append(labels.caveatFilter(filter)) }
        for partner in [f.fusion.fivePrime, f.fusion.threePrime] {
            switch partner.location.region {
            case .downstream: list.append(labels.caveatPastGeneEnd(partner.gene, partner.location.distancePastEnd ?? 0))
            case .upstream: list.append(labels.caveatBeforeGeneStart(partner.gene, partner.location.distanceToTSS ?? 0))
            default: break
            }
        }
        for partner in [f.fusion.fivePrime, f.fusion.threePrime] where !partner.alternativeTranscripts.isEmpty {
            list.append(labels.caveatAlternativeTranscripts(partner.gene, partner.alternativeTranscripts.joined(separator: ", ")))
        }
        if a.deNovo { list.append(labels.caveatDeNovo) }
        if !a.knowledgeBase.missingCategories.isEmpty {
            list.append(labels.caveatMissingSources(a.knowledgeBase.missingCategories.joined(separator: ", ")))
        }
        return list
    }
}

extension BreakendReport {
    init(_ b: Breakend, inputBuild: GenomeBuild) {
        let ci = b.confidenceInterval.map { "\($0.lowerBound),\($0.upperBound)" }
        self.init(
            id: b.id, grch38: b.position.description,
            input: "\(inputBuild == .grch38 ? Chromosome.ucscName(b.inputPosition.chromosome) : b.inputPosition.chromosome):\(b.inputPosition.position)",
            keptSide: b.keptSide?.rawValue, confidenceInterval: ci)
    }
}

extension PartnerReport {
    init(_ p: FusionPartner, role: PartnerRole, labels: ReportLabels) {
        let kept = p.keptExons.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
        self.init(
            gene: p.gene, role: role.rawValue, transcript: p.transcript.accession, strand: p.transcript.strand.rawValue,
            location: labels.location(p.location), exonCount: p.transcript.exonCount, keptExons: kept, keptResidues: p.keptResidues,
            proteinLength: p.transcript.proteinLength, alternativeTranscripts: p.alternativeTranscripts, domains: p.domains)
    }
}
