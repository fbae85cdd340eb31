/// A fact row of the knowledge base, for provenance: which source, which table, which row.
public struct SourceRow: Sendable, Codable, Hashable {
    /// Source name as recorded in `source`.
    public var source: String
    /// Typed table the fact lives in (`known_fusion`, `gene_role` …).
    public var table: String
    /// The row in the source file (line number) the fact came from, when the importer recorded it.
    public var row: Int?
}

/// A gene role (CancerMine, OncoKB).
public struct GeneRoleFact: Sendable, Codable, Hashable {
    public var role: String
    public var cancer: String?
    public var citations: Int?
    public var detail: String?
    public var provenance: SourceRow
}

/// A pair fact: a known fusion, a fusion seen in normal tissue, or a read-through pair.
public struct PairFact: Sendable, Codable, Hashable {
    public var gene5: String
    public var gene3: String
    public var count: Int?
    /// Disease (known fusions) or tissue (normal-tissue fusions).
    public var context: String?
    public var pmids: [Int]
    public var detail: String?
    public var provenance: SourceRow
}

/// A drug–gene interaction (DGIdb).
public struct DrugFact: Sendable, Codable, Hashable {
    public var drug: String
    public var interaction: String?
    public var claimSource: String?
    public var pmids: [Int]
    public var provenance: SourceRow
}

/// Read access to the optional-source facts. Every query answers from the typed tables; callers decide
/// what an empty answer means by checking `hasSource(category:)` (absent source → unknown, never "no").
extension KnowledgeBase {
    /// Whether an optional source of this category was imported.
    public func hasSource(category: String) -> Bool {
        info.sources.contains { $0.optional && $0.category == category }
    }

    /// Whether a named source was imported (`source.name`, or `name (file)` when several files fed it).
    public func hasSource(named name: String) -> Bool {
        info.sources.contains { Self.sourceName($0.name, is: name) }
    }

    /// True when a recorded source name is `name` or one of its per-file entries `name (file)`.
    public static func sourceName(_ recorded: String, is name: String) -> Bool {
        recorded == name || recorded.hasPrefix(name + " (")
    }

    /// Names of the imported sources of a category.
    public func sourceNames(category: String) -> [String] {
        info.sources.filter { $0.category == category }.map(\.name)
    }

    /// The current symbol for a name (symbol, previous symbol or alias), or the name itself.
    public func currentSymbol(_ name: String) throws -> String {
        try gene(named: name)?.symbol ?? name
    }

    private func sourceName(_ id: Int) -> String {
        if let cached = lookupCache.sourceNames[id] { return cached }
        let name = ((try? db.rows("SELECT name FROM source WHERE id = ?", [.int(id)]).first?[0]) ?? nil) ?? "source \(id)"
        lookupCache.sourceNames[id] = name
        return name
    }

    /// Gene roles of a gene from every role source.
    public func roles(of symbol: String) throws -> [GeneRoleFact] {
        if let cached = lookupCache.roles[symbol] { return cached }
        let statement = try preparedStatement(
            "SELECT role, cancer, citations, detail, source_id, source_row FROM gene_role WHERE gene_symbol = ? ORDER BY source_id, citations DESC")
        try statement.bind([.text(symbol)])
        var result: [GeneRoleFact] = []
        while try statement.step() {
            result.append(
                GeneRoleFact(
                    role: statement.text(0), cancer: statement.optionalText(1), citations: statement.optionalInt(2), detail: statement.optionalText(3),
                    provenance: SourceRow(source: sourceName(statement.int(4)), table: "gene_role", row: statement.optionalInt(5))))
        }
        lookupCache.roles[symbol] = result
        return result
    }

    /// The one kinase-category rule: a DGIdb category whose name contains "kinase" in any ASCII case (as SQLite's
    /// LIKE and upper() fold case). `kinaseCategorySQL` is the same test as an SQL condition on `gene_category`.
    public static func isKinaseCategory(_ category: String) -> Bool {
        let folded = category.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        let word = Array("kinase".utf8)
        return folded.count >= word.count && (0...(folded.count - word.count)).contains { folded[$0..<($0 + word.count)].elementsEqual(word) }
    }
    static let kinaseCategorySQL = "category LIKE '%kinase%'"

    /// DGIdb gene categories of a gene.
    public func categories(of symbol: String) throws -> [String] {
        if let cached = lookupCache.categories[symbol] { return cached }
        let result = try cachedRows("SELECT DISTINCT category FROM gene_category WHERE gene_symbol = ? ORDER BY category", [.text(symbol)]).compactMap { $0[0] }
        lookupCache.categories[symbol] = result
        return result
    }

    /// Pair facts from `table` (known_fusion, normal_fusion, readthrough) for `gene5`::`gene3`, in that orientation.
    public func pairFacts(_ table: PairTable, _ gene5: String, _ gene3: String) throws -> [PairFact] {
        let columns: String
        switch table {
        case .knownFusion: columns = "count, disease, pmids, detail"
        case .normalFusion: columns = "count, tissue, NULL, detail"
        case .readthrough: columns = "NULL, NULL, NULL, detail"
        }
        let statement = try preparedStatement(
            "SELECT gene5, gene3, \(columns), source_id, source_row FROM \(table.rawValue) WHERE gene5 = ? AND gene3 = ? ORDER BY source_id, source_row")
        try statement.bind([.text(gene5), .text(gene3)])
        var result: [PairFact] = []
        while try statement.step() {
            result.append(
                PairFact(
                    gene5: statement.text(0), gene3: statement.text(1), count: statement.optionalInt(2), context: statement.optionalText(3),
                    pmids: SourceText.integers(statement.optionalText(4) ?? ""), detail: statement.optionalText(5),
                    provenance: SourceRow(source: sourceName(statement.int(6)), table: table.rawValue, row: statement.optionalInt(7))))
        }
        return result
    }

    /// Distinct genes a gene is paired with in `table` (either side), excluding the gene itself and `excluding`.
    public func partners(of symbol: String, in table: PairTable, excluding: String? = nil) throws -> [String] {
        let key = table.rawValue + "\t" + symbol
        let all: [String]
        if let cached = lookupCache.partners[key] {
            all = cached
        } else if table == .knownFusion {
            let listed = try knownFusionPartners(of: symbol)
            all = listed.filter { $0 != symbol }
            lookupCache.partners[key] = all
        } else {
            // The small pair tables have no index on gene3: read every pair once instead of scanning per gene.
            if lookupCache.pairTablesRead.insert(table.rawValue).inserted {
                var adjacency: [String: Set<String>] = [:]
                for row in try db.rows("SELECT gene5, gene3 FROM \(table.rawValue)") {
                    guard let g5 = row[0], let g3 = row[1] else { continue }
                    adjacency[g5, default: []].insert(g3)
                    adjacency[g3, default: []].insert(g5)
                }
                for (gene, others) in adjacency {
                    lookupCache.partners[table.rawValue + "\t" + gene] = others.filter { $0 != gene }.sorted()
                }
            }
            all = lookupCache.partners[key] ?? []
            lookupCache.partners[key] = all
        }
        return excluding.map { other in all.filter { $0 != other } } ?? all
    }

    /// Distinct genes a gene is listed with in the known-fusion table (either side), itself included when a
    /// self-pair is listed: what the driver model's `known_partners_*` features count.
    public func knownFusionPartnerCount(of symbol: String) throws -> Int {
        try knownFusionPartners(of: symbol).count
    }

    /// Distinct genes a gene is listed with in the known-fusion table, itself included for a self-pair; sorted.
    private func knownFusionPartners(of symbol: String) throws -> [String] {
        let key = "known_fusion+self\t" + symbol
        if let cached = lookupCache.partners[key] { return cached }
        let listed = try cachedRows(
            "SELECT gene3 FROM known_fusion WHERE gene5 = ?1 UNION SELECT gene5 FROM known_fusion WHERE gene3 = ?1", [.text(symbol)]
        ).compactMap { $0[0] }.sorted()
        lookupCache.partners[key] = listed
        return listed
    }

    /// DGD paralog clusters of a gene.
    public func paralogClusters(of symbol: String) throws -> [String] {
        if let cached = lookupCache.paralogClusters[symbol] { return cached }
        let result = try cachedRows("SELECT DISTINCT cluster FROM paralog WHERE gene_symbol = ? ORDER BY cluster", [.text(symbol)]).compactMap { $0[0] }
        lookupCache.paralogClusters[symbol] = result
        return result
    }

    /// Drug–gene interactions of a gene.
    public func drugs(of symbol: String) throws -> [DrugFact] {
        if let cached = lookupCache.drugs[symbol] { return cached }
        let statement = try preparedStatement(
            "SELECT drug, interaction, sources, pmids, source_id, source_row FROM drug_interaction WHERE gene_symbol = ? ORDER BY drug")
        try statement.bind([.text(symbol)])
        var result: [DrugFact] = []
        while try statement.step() {
            result.append(
                DrugFact(
                    drug: statement.text(0), interaction: statement.optionalText(1), claimSource: statement.optionalText(2),
                    pmids: SourceText.integers(statement.optionalText(3) ?? ""),
                    provenance: SourceRow(source: sourceName(statement.int(4)), table: "drug_interaction", row: statement.optionalInt(5))))
        }
        lookupCache.drugs[symbol] = result
        return result
    }

    /// The canonical transcript of a gene (OncoKB), when the source is present and lists it.
    public func canonicalTranscript(of symbol: String) throws -> String? {
        try db.rows("SELECT accession FROM canonical_transcript WHERE gene_symbol = ?", [.text(symbol)]).first?[0] ?? nil
    }
}

/// The typed tables that hold gene pairs.
public enum PairTable: String, Sendable {
    case knownFusion = "known_fusion"
    case normalFusion = "normal_fusion"
    case readthrough = "readthrough"
}
