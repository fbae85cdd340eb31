import Foundation

/// Reads Arriba `fusions.tsv` (v1.x/2.x; columns found by header name; input-formats notes §4).
///
/// `gene1` is the 5′ partner, `breakpoint1/2` are `contig:pos`. Each breakend's kept side comes from
/// `direction1/2` (`downstream` = the kept piece is left of the breakpoint, `upstream` = right); without them,
/// from the transcribed strand in `strand1/2(gene/fusion)` and the gene's role. Support: split reads =
/// `split_reads1 + split_reads2`, spanning pairs = `discordant_mates`.
struct ArribaReader {
    let path: String
    let options: InputOptions

    /// The columns every Arriba row needs (normalised names).
    static let required = ["gene1", "gene2", "breakpoint1", "breakpoint2"]

    /// True when a header (normalised names) is Arriba's.
    static func isArriba(_ names: Set<String>) -> Bool {
        required.allSatisfy(names.contains)
    }

    /// True when a header looks like Arriba's but lacks some of ``required`` (its genes and another Arriba column).
    static func isIncompleteArriba(_ names: Set<String>) -> Bool {
        !isArriba(names) && names.contains("gene1") && names.contains("gene2")
            && ["breakpoint1", "breakpoint2", "splitreads1", "splitreads2", "discordantmates", "direction1"].contains(where: names.contains)
    }

    func read() throws -> CallSet {
        struct Row {
            var line: Int
            var gene5: String?, gene3: String?
            var bp5: (String, Int), bp3: (String, Int)
            var side5: KeptSide?, side3: KeptSide?
            var support: CallerSupport
            var passes: Bool
        }
        var rows: [Row] = []
        var recordsRead = 0
        var repeated = RepeatedRows()
        var columns: [String: Int] = [:]
        /// The columns read, found by name; throws naming the required ones the header lacks.
        func resolve(_ table: HeaderedTable) throws {
            let missing = Self.required.filter { table.column([$0]) == nil }
            guard missing.isEmpty else {
                throw InputError(
                    file: path, line: table.headerLine,
                    "an Arriba fusions.tsv header needs the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")), which \(missing.count > 1 ? "are" : "is") missing; restore the header")
            }
            for key in Self.required { columns[key] = table.column([key]) }
            for (key, aliases) in [
                ("strand1", ["strand1genefusion", "strand1"]), ("strand2", ["strand2genefusion", "strand2"]), ("direction1", ["direction1"]),
                ("direction2", ["direction2"]), ("split1", ["splitreads1"]), ("split2", ["splitreads2"]), ("discordant", ["discordantmates"]),
                ("confidence", ["confidence"]),
            ] {
                if let i = table.column(aliases) { columns[key] = i }
            }
        }
        let header = try HeaderedTable.read(path) { table, fields, number in
            if columns.isEmpty { try resolve(table) }
            recordsRead += 1
            repeated.note(fields, line: number)
            func field(_ key: String) -> Substring? {
                guard let i = columns[key], i < fields.count else { return nil }
                return fields[i]
            }
            // Every column read must be there: a cut line would otherwise lose its directions and counts silently.
            if let i = columns.values.max(), i >= fields.count {
                throw InputError(
                    file: path, line: number,
                    "\(fields.count) tab-separated columns, but the '\(table.names[i])' column is number \(i + 1); the line is truncated or not tab-separated like the header")
            }
            guard let bp1 = FusionText.breakpoint(field("breakpoint1")!), let bp2 = FusionText.breakpoint(field("breakpoint2")!) else {
                throw InputError(
                    file: path, line: number, "breakpoints '\(field("breakpoint1")!)' / '\(field("breakpoint2")!)' are not contig:pos; Arriba writes e.g. 22:23632600")
            }
            func direction(_ key: String) -> KeptSide? {
                switch field(key) {
                case "downstream": return .left
                case "upstream": return .right
                default: return nil
                }
            }
            /// The transcribed strand: the part after `/` in `+/-`, else the gene strand.
            func strand(_ key: String) -> UInt8? {
                guard let text = field(key) else { return nil }
                let parts = text.split(separator: "/")
                let chosen = parts.count == 2 ? parts[1] : parts.first ?? ""
                return chosen == "+" || chosen == "-" ? chosen.utf8.first : nil
            }
            let side5 = direction("direction1") ?? keptSide(geneStrand: strand("strand1"), fivePrime: true)
            let side3 = direction("direction2") ?? keptSide(geneStrand: strand("strand2"), fivePrime: false)
            let split1: Int?, split2: Int?, discordant: Int?
            do throws(VCFSyntaxError) {
                split1 = try FusionText.count(field("split1"), column: columns["split1"].map { table.names[$0] } ?? "")
                split2 = try FusionText.count(field("split2"), column: columns["split2"].map { table.names[$0] } ?? "")
                discordant = try FusionText.count(field("discordant"), column: columns["discordant"].map { table.names[$0] } ?? "")
            } catch { throw InputError(file: path, line: number, error.message) }
            let split = split1 == nil && split2 == nil ? nil : (split1 ?? 0) + (split2 ?? 0)
            rows.append(
                Row(
                    line: number, gene5: FusionText.symbol(field("gene1")!), gene3: FusionText.symbol(field("gene2")!), bp5: (bp1.chromosome, bp1.position),
                    bp3: (bp2.chromosome, bp2.position), side5: side5, side3: side3,
                    support: CallerSupport(splitReads: split, spanningPairs: discordant),
                    passes: field("confidence") != "low"))
        }
        guard let header else { throw InputError(file: path, line: nil, "the file is empty; expected Arriba's fusions.tsv with its header") }
        if columns.isEmpty { try resolve(header) }
        var warnings: [InputWarning] = repeated.warning(path).map { [$0] } ?? []
        let (build, evidence) = try BuildClues().resolve(asserted: options.build, file: path, warnings: &warnings)
        var builder = try CallSetBuilder(path: path, build: build, options: options, warnings: warnings, recordsRead: recordsRead)
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        for row in rows {
            // Arriba's confidence plays the part of FILTER: low-confidence calls are kept with --include-filtered (FILTER
            // "low"); Arriba writes no FILTER, so the others have none (".", shown as not given), not an invented PASS.
            if !row.passes && !options.includeFiltered {
                builder.statistics.filteredOut += 1
                continue
            }
            guard let (chrom5, chrom3) = builder.canonicalChromosomes(row.bp5.0, row.bp3.0) else { continue }
            let id = "\(fileName):\(row.line)"
            guard let a = builder.breakend(id: id, chromosome: chrom5, position: row.bp5.1, side: row.side5, line: row.line, spelling: row.bp5.0),
                let b = builder.breakend(id: id, chromosome: chrom3, position: row.bp3.1, side: row.side3, line: row.line, spelling: row.bp3.0)
            else {
                builder.statistics.liftoverFailures += 1
                continue
            }
            builder.addEvent(
                recordIDs: [id], svType: .rnaFusion, first: a, second: b, junctions: [(a, b)], line: row.line, filter: row.passes ? "." : "low",
                support: row.support, namedGene5: row.gene5, namedGene3: row.gene3)
        }
        return try builder.finish(format: .arriba, sample: nil, build: build, evidence: evidence)
    }
}
