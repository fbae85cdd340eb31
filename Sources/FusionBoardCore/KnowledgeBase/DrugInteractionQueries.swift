/// A drug–gene interaction record (DGIdb) as the knowledge base holds it.
public struct DrugInteraction: Sendable, Codable, Hashable {
    public var gene: String
    public var drug: String
    /// Interaction type(s) as the source wrote them (`inhibitor`, …), empty when not stated.
    public var interaction: String
    /// Claim sources the record aggregates.
    public var claimSources: String
    public var pmids: [Int]
    /// Knowledge-base source name and version.
    public var source: String
}

extension KnowledgeBase {
    /// Drug–gene interactions of one gene (empty when no drug source was imported), one row per drug name.
    public func drugInteractions(gene: String) throws -> [DrugInteraction] {
        let rows = try db.rows(
            """
            SELECT d.gene_symbol, d.drug, d.interaction, d.sources, d.pmids, s.name, s.version
            FROM drug_interaction d JOIN source s ON s.id = d.source_id WHERE d.gene_symbol = ? ORDER BY d.drug
            """, [.text(gene)])
        var byDrug: [String: DrugInteraction] = [:]
        var order: [String] = []
        for row in rows {
            guard let drug = row[1], !drug.isEmpty else { continue }
            let key = drug.lowercased()
            let pmids = (row[4] ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "|" }).compactMap { Int($0) }
            let source = [row[5], row[6]].compactMap { $0 }.joined(separator: " ")
            if var existing = byDrug[key] {
                existing.pmids = Array(Set(existing.pmids + pmids)).sorted()
                if let t = row[2], !t.isEmpty, !existing.interaction.contains(t) { existing.interaction += existing.interaction.isEmpty ? t : ",\(t)" }
                byDrug[key] = existing
            } else {
                order.append(key)
                byDrug[key] = DrugInteraction(
                    gene: row[0] ?? gene, drug: drug, interaction: row[2] ?? "", claimSources: row[3] ?? "", pmids: Array(Set(pmids)).sorted(), source: source)
            }
        }
        return order.compactMap { byDrug[$0] }
    }
}
