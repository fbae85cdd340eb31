import Foundation

/// Maps the gene names written by any source (current symbols, previous symbols, aliases,
/// spreadsheet-mangled names such as `1.Mar`) to the current symbols of the knowledge base's
/// `gene` table, so that every table joins on one vocabulary.
///
/// Order of preference: current symbol (exact, then case-insensitive) → previous symbol →
/// alias → spreadsheet date repair. A name used by several genes goes to the protein-coding
/// one with the most PubMed records (the same rule `KnowledgeBase.gene(named:)` applies).
final class SymbolResolver {
    private struct Gene {
        var symbol: String
        var coding: Bool
        var pubmed: Int
    }

    private var genes: [Int: Gene] = [:]
    private var symbols: [String: Int] = [:]
    private var upperSymbols: [String: Int] = [:]
    private var previous: [String: [Int]] = [:]
    private var aliases: [String: [Int]] = [:]
    private var cache: [String: String?] = [:]

    /// Names that could not be resolved, per call site (for the source's note).
    private(set) var unresolved: Set<String> = []

    init(db: SQLiteConnection) throws {
        let geneRows = try db.prepare("SELECT gene_id, symbol, gene_type, pubmed_count FROM gene")
        while try geneRows.step() {
            let id = geneRows.int(0)
            genes[id] = Gene(symbol: geneRows.text(1), coding: geneRows.optionalText(2) == "protein-coding", pubmed: geneRows.int(3))
        }
        for (id, gene) in genes {
            if let other = symbols[gene.symbol], better(other, than: id) { continue }
            symbols[gene.symbol] = id
            upperSymbols[gene.symbol.uppercased()] = symbols[gene.symbol]
        }
        let aliasRows = try db.prepare("SELECT alias, gene_id, kind FROM gene_alias WHERE kind <> 'symbol'")
        while try aliasRows.step() {
            let name = aliasRows.text(0).uppercased(), id = aliasRows.int(1)
            if aliasRows.text(2) == "previous" { previous[name, default: []].append(id) } else { aliases[name, default: []].append(id) }
        }
    }

    private func better(_ a: Int, than b: Int) -> Bool {
        guard let x = genes[a], let y = genes[b] else { return genes[a] != nil }
        if x.coding != y.coding { return x.coding }
        if x.pubmed != y.pubmed { return x.pubmed > y.pubmed }
        return a < b
    }

    private func best(_ ids: [Int]) -> String? {
        guard var winner = ids.first else { return nil }
        for id in ids.dropFirst() where better(id, than: winner) { winner = id }
        return genes[winner]?.symbol
    }

    /// The current symbol for `name`, or nil when no gene goes by it.
    func resolve(_ raw: String) -> String? {
        let name = raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t+*?\""))
        if name.isEmpty { return nil }
        if let cached = cache[name] { return cached }
        let result = lookup(name) ?? Self.repairSpreadsheetDate(name).lazy.compactMap(lookup).first
        cache[name] = result
        if result == nil { unresolved.insert(name) }
        return result
    }

    /// The current symbol, or the name as written when it cannot be resolved (kept so that a
    /// pair still matches an input naming the gene the same way).
    func normalise(_ raw: String) -> String {
        resolve(raw) ?? raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t+*?\""))
    }

    private func lookup(_ name: String) -> String? {
        if let id = symbols[name] { return genes[id]?.symbol }
        let upper = name.uppercased()
        if let id = upperSymbols[upper] { return genes[id]?.symbol }
        if let ids = previous[upper], let symbol = best(ids) { return symbol }
        if let ids = aliases[upper], let symbol = best(ids) { return symbol }
        return nil
    }

    /// The names a spreadsheet may have turned into the date `name`, in the order to try them: `1.Mar`, `1-Mar`,
    /// `Mar-01` → `MARCH1`; `2-Sep` → `SEPT2`, then `SEP2` (`15.Sep` was `SEP15`, the old symbol of SELENOF: the
    /// septins stop at SEPT14); `1-Dec` → `DEC1`. Empty when `name` is no such date.
    static func repairSpreadsheetDate(_ name: String) -> [String] {
        let months = ["MAR": ["MARCH"], "SEP": ["SEPT", "SEP"], "DEC": ["DEC"]]
        let parts = name.split(whereSeparator: { $0 == "." || $0 == "-" }).map { String($0).uppercased() }
        guard parts.count == 2 else { return [] }
        if let n = Int(parts[0]), let names = months[parts[1]] { return names.map { "\($0)\(n)" } }
        if let n = Int(parts[1]), let names = months[parts[0]] { return names.map { "\($0)\(n)" } }
        return []
    }
}
