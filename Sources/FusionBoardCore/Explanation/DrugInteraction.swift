/// A drug–gene interaction (DGIdb) as therapy matching uses it: one per drug name, PMIDs merged.
public struct DrugInteraction: Sendable, Codable, Hashable {
    public var gene: String
    public var drug: String
    /// Interaction type(s) as the source wrote them (`inhibitor`, …), empty when not stated.
    public var interaction: String
    /// Claim sources the record aggregates.
    public var claimSources: String
    public var pmids: [Int]
    /// Knowledge-base source name.
    public var source: String

    /// Groups the knowledge base's interaction rows of one gene by drug name (case-insensitive), in name order.
    static func merged(gene: String, _ facts: [DrugFact]) -> [DrugInteraction] {
        var byDrug: [String: DrugInteraction] = [:]
        var order: [String] = []
        for fact in facts where !fact.drug.isEmpty {
            let key = fact.drug.lowercased()
            let type = fact.interaction ?? ""
            if var existing = byDrug[key] {
                existing.pmids = Array(Set(existing.pmids + fact.pmids)).sorted()
                if !type.isEmpty && !existing.interaction.contains(type) { existing.interaction += existing.interaction.isEmpty ? type : ",\(type)" }
                byDrug[key] = existing
            } else {
                order.append(key)
                byDrug[key] = DrugInteraction(
                    gene: gene, drug: fact.drug, interaction: type, claimSources: fact.claimSource ?? "", pmids: Array(Set(fact.pmids)).sorted(),
                    source: fact.provenance.source)
            }
        }
        return order.compactMap { byDrug[$0] }
    }
}
