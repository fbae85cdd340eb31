/// Gathers the evidence items for a fusion from the knowledge graph.
public final class EvidenceCollector {
    let kb: KnowledgeBase
    private let geneSource: String
    private let transcriptSource: String

    public init(knowledgeBase: KnowledgeBase) {
        kb = knowledgeBase
        geneSource = kb.info.sources.first { $0.category == "genes" }.map { "\($0.name) \($0.version ?? "")" } ?? "org.Hs.eg.db"
        transcriptSource = kb.info.sources.first { $0.category == "transcripts" }.map { "\($0.name) (\($0.version ?? ""))" } ?? "refGene"
    }

    /// Evidence for one candidate.
    public func collect(_ fusion: FusionCandidate) throws -> FusionEvidence {
        var items: [EvidenceItem] = []
        let g5 = try kb.gene(named: fusion.fivePrime.gene), g3 = try kb.gene(named: fusion.threePrime.gene)
        items.append(
            EvidenceItem(
                key: "reading_frame", label: "Reading frame", value: .text(fusion.frame.rawValue), group: "frame/region",
                sources: [transcriptSource],
                detail: "\(fusion.fivePrime.transcript.accession) exon \(fusion.fivePrime.keptExons?.upperBound ?? 0) → \(fusion.threePrime.transcript.accession) exon \(fusion.threePrime.keptExons?.lowerBound ?? 0)"))
        items.append(
            EvidenceItem(
                key: "pubmed_count_5p", label: "PubMed records on \(fusion.fivePrime.gene)", value: g5.map { .number(Double($0.pubmedCount)) } ?? .unknown,
                group: "literature", sources: [geneSource + " gene2pubmed"]))
        items.append(
            EvidenceItem(
                key: "pubmed_count_3p", label: "PubMed records on \(fusion.threePrime.gene)", value: g3.map { .number(Double($0.pubmedCount)) } ?? .unknown,
                group: "literature", sources: [geneSource + " gene2pubmed"]))
        if let g5, let g3 {
            let shared = try kb.coCitations(g5.geneID, g3.geneID)
            items.append(
                EvidenceItem(
                    key: "cocitation", label: "PubMed records citing both genes", value: .number(Double(shared.count)), group: "literature",
                    sources: [geneSource + " gene2pubmed"], pmids: Array(shared.prefix(20))))
        }
        return FusionEvidence(items: items)
    }
}

extension KnowledgeBase {
    /// PubMed IDs annotated to both genes in gene2pubmed (newest first).
    func coCitations(_ geneA: Int, _ geneB: Int) throws -> [Int] {
        try db.rows(
            "SELECT a.pmid FROM gene_pubmed a JOIN gene_pubmed b ON b.pmid = a.pmid AND b.gene_id = ?2 WHERE a.gene_id = ?1 ORDER BY a.pmid DESC",
            [.int(geneA), .int(geneB)]
        ).compactMap { $0[0].flatMap { Int($0) } }
    }
}
