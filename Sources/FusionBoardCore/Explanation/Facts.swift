/// The evidence an explanation may cite: the fusion's evidence items plus items derived here from the
/// annotated structure (exons, domains kept and lost) and from the score (probability, contributions),
/// so that every sentence of a summary names the items its facts come from.
public struct ExplanationFacts: Sendable, Codable, Hashable {
    public var items: [EvidenceItem]

    public subscript(key: String) -> EvidenceItem? { items.first { $0.key == key } }

    /// The first present item among alternative key names (the evidence stage may name a fact either way).
    func first(_ keys: [String]) -> EvidenceItem? {
        for key in keys { if let item = self[key] { return item } }
        return nil
    }
}

/// Key names of the knowledge-graph evidence items the explanation reads. Each fact lists the names the
/// evidence stage uses (first match wins); an absent item is treated as "source absent", never as "no".
enum EvidenceKeys {
    /// A text item naming the gene's roles (`oncogene, tumour suppressor`).
    static func role(_ side: PartnerRole) -> [String] {
        side == .fivePrime ? ["gene_role_5p", "role_5p", "roles_5p", "gene_roles_5p"] : ["gene_role_3p", "role_3p", "roles_3p", "gene_roles_3p"]
    }
    /// Flag items, one per role (`oncogene_5p`, `tumour_suppressor_5p`).
    static func oncogene(_ side: PartnerRole) -> String { "oncogene_\(FactBuilder.side(side))" }
    static func tumourSuppressor(_ side: PartnerRole) -> String { "tumour_suppressor_\(FactBuilder.side(side))" }
    static let knownFusion = ["known_fusion_sources", "known_fusion", "known_fusion_records", "known_fusion_count"]
    /// Per-database case/sample counts of the pair, shown with the known-fusion sentence when positive.
    static let knownFusionCounts = ["cosmic_samples", "mitelman_cases"]
    static let fusionLiterature = ["fusion_pmid_count", "fusion_pubmed", "fusion_literature", "fusion_pmids", "known_fusion_pubmed"]
    static let normalTissue = ["normal_tissue_pair", "normal_tissue", "normal_tissue_fusion", "normal_fusion", "normal_tissue_count"]
    static let readThrough = ["readthrough_pair", "readthrough", "read_through"]
    static let paralog = ["paralog_pair", "paralog", "paralogs"]
    /// The evidence stage's adjacency item; the explanation cites it next to its own `structure.adjacent_same_strand`.
    static let adjacent = ["adjacent_same_strand"]
    static let cocitation = ["cocitation", "co_citation"]
    static func pubmed(_ side: PartnerRole) -> [String] { side == .fivePrime ? ["pubmed_count_5p"] : ["pubmed_count_3p"] }
}

extension EvidenceValue {
    /// True when the value says the fact holds (a yes flag, a positive count, a non-empty text).
    var isPositive: Bool {
        switch self {
        case .flag(let b): b
        case .number(let v): v > 0
        case .text(let t): !t.isEmpty && !["no", "none", "0", "false"].contains(t.lowercased())
        case .unknown: false
        }
    }
    var isUnknown: Bool { if case .unknown = self { true } else { false } }
    var numberValue: Double? { if case .number(let v) = self { v } else { nil } }
}

/// Builds the structure and score items of `ExplanationFacts` from a candidate and its score.
enum FactBuilder {
    static func side(_ role: PartnerRole) -> String { role == .fivePrime ? "5p" : "3p" }

    static func facts(fusion: FusionCandidate, evidence: FusionEvidence, score: DriverScore?) -> ExplanationFacts {
        var items = evidence.items
        let transcriptSources = evidence["reading_frame"]?.sources ?? ["refGene"]
        if evidence["reading_frame"] == nil {
            items.append(
                EvidenceItem(key: "reading_frame", label: "Reading frame", value: .text(fusion.frame.rawValue), group: "frame/region", sources: transcriptSources))
        }
        let p5 = fusion.fivePrime, p3 = fusion.threePrime
        let exons5 = p5.keptExons.map { exons($0) } ?? "?"
        let exons3 = p3.keptExons.map { exons($0) } ?? "?"
        items.append(
            EvidenceItem(
                key: "structure.exons", label: "Exons joined", value: .text("\(p5.gene) \(exons5) :: \(p3.gene) \(exons3)"),
                group: "frame/region", sources: transcriptSources,
                detail: "\(p5.gene) \(p5.transcript.accession) \(exons5) of \(p5.transcript.exonCount); \(p3.gene) \(p3.transcript.accession) \(exons3) of \(p3.transcript.exonCount)"))
        for (partner, role) in [(p5, PartnerRole.fivePrime), (p3, .threePrime)] {
            let s = side(role)
            let residues = keptResidues(partner, role: role, fusion: fusion)
            items.append(
                EvidenceItem(
                    key: "structure.residues_\(s)", label: "Residues of \(partner.gene) kept",
                    value: residues.map { .text("aa \($0.lowerBound)–\($0.upperBound) of \(partner.transcript.proteinLength)") } ?? .text("none"),
                    group: "domains", sources: transcriptSources, detail: "\(partner.transcript.accession)"))
            let domainSources = Array(Set(partner.domains.map(\.domain.source))).sorted()
            let fates = domainFates(partner, residues: residues)
            let kept = fates.filter { $0.fate == .retained }
            let lost = fates.filter { $0.fate != .retained }
            items.append(
                EvidenceItem(
                    key: "structure.domains_kept_\(s)", label: "Domains of \(partner.gene) kept", value: kept.isEmpty ? .text("none") : .text(domainList(kept)),
                    group: "domains", sources: domainSources, detail: domainDetail(kept)))
            items.append(
                EvidenceItem(
                    key: "structure.domains_lost_\(s)", label: "Domains of \(partner.gene) lost or truncated",
                    value: lost.isEmpty ? .text("none") : .text(domainList(lost)), group: "domains", sources: domainSources, detail: domainDetail(lost)))
        }
        if fusion.adjacentSameStrand {
            items.append(
                EvidenceItem(
                    key: "structure.adjacent_same_strand", label: "Partners are adjacent same-strand genes", value: .flag(true), group: "artefact",
                    sources: transcriptSources,
                    detail: "\(p5.gene) and \(p3.gene) on chromosome \(fusion.breakend5.position.chromosome), strand \(p5.transcript.strand.rawValue)"))
        }
        if let score {
            items.append(
                EvidenceItem(
                    key: "score.probability", label: "Driver probability", value: .number(score.probability), group: "score", sources: [score.scorer],
                    detail: "\(score.driverClass.rawValue)"))
            for c in score.contributions {
                items.append(
                    EvidenceItem(
                        key: "contribution.\(c.feature)", label: "Contribution of the \(c.group) features", value: .number(c.contribution), group: "score",
                        sources: c.sources, detail: "\(c.feature) = \(c.value)"))
            }
        }
        return ExplanationFacts(items: items)
    }

    static func exons(_ r: ClosedRange<Int>) -> String { r.lowerBound == r.upperBound ? "exon \(r.lowerBound)" : "exons \(r.lowerBound)–\(r.upperBound)" }

    static func range(in r: ClosedRange<Int>) -> String { r.lowerBound == r.upperBound ? "\(r.lowerBound)" : "\(r.lowerBound)–\(r.upperBound)" }

    /// The partner residues the fusion protein keeps. For a promoter swap whose frame cannot be stated (the 3′
    /// partner's own start codon lies downstream of the junction), the 3′ partner's residues from its first kept
    /// coding base on.
    static func keptResidues(_ partner: FusionPartner, role: PartnerRole, fusion: FusionCandidate) -> ClosedRange<Int>? {
        if let r = partner.keptResidues { return r }
        guard role == .threePrime, promoterLike(fusion) else { return nil }
        let length = partner.transcript.proteinLength
        let first = (partner.transcript.cdsLength - partner.codingBasesKept) / 3 + 1
        return first <= length ? first...length : nil
    }

    /// The 5′ partner gives only its promoter, 5′UTR and at most a few codons (< 50), and the
    /// 3′ partner keeps coding sequence: the 3′ partner's CDS is expressed from the 5′ partner's promoter.
    /// With a few 5′ codons the 3′ coding sequence must still be translated: either the 3′ partner keeps its own
    /// start codon (the short 5′ reading frame ends in its 5′UTR), or the few codons are joined to it in frame. Out of
    /// frame, the 3′ partner's protein is not made, so that is no promoter swap.
    static func promoterLike(_ fusion: FusionCandidate) -> Bool {
        let p5 = fusion.fivePrime, p3 = fusion.threePrime
        guard p3.codingBasesKept > 0, p5.transcript.isCoding else { return false }
        if p5.codingBasesKept == 0 { return fusion.frame == .utr5ToCDS || fusion.frame == .unknown || fusion.frame == .outOfFrame }
        guard p5.codingBasesKept < 150, fusion.frame != .nonCoding else { return false }
        return keepsOwnStartCodon(p3) || fusion.frame == .inFrame || (fusion.frame == .unknown && fusion.exonLevelFrame == .inFrame)
    }

    /// The 3′ partner keeps its whole coding sequence, so its own start codon.
    static func keepsOwnStartCodon(_ partner: FusionPartner) -> Bool {
        partner.transcript.isCoding && partner.codingBasesKept >= partner.transcript.cdsLength
    }

    /// Domain fates against the residues kept (recomputed only when the annotation left them unset).
    static func domainFates(_ partner: FusionPartner, residues: ClosedRange<Int>?) -> [RetainedDomain] {
        if partner.keptResidues != nil || residues == nil { return partner.domains }
        return Annotator.fates(partner.domains.map(\.domain), kept: residues)
    }

    static func percent(_ f: Double) -> String { "\(Int((f * 100).rounded()))%" }

    static func domainList(_ domains: [RetainedDomain]) -> String {
        var seen: Set<String> = []
        return domains.filter { seen.insert($0.domain.name).inserted }.map { d in
            d.fate == .retained ? d.domain.name : "\(d.domain.name) (\(percent(d.fractionKept)) kept)"
        }.joined(separator: ", ")
    }

    static func domainDetail(_ domains: [RetainedDomain]) -> String? {
        domains.isEmpty ? nil : domains.map { "\($0.domain.name) aa \($0.domain.aaStart)–\($0.domain.aaEnd) \(percent($0.fractionKept)) kept" }.joined(separator: "; ")
    }
}
