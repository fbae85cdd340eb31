import Foundation

/// Reads RNA fusion tables whose columns are found by header name: STAR-Fusion / FusionInspector (abridged,
/// full, with or without `--examine_coding_effect`, old `#fusion_name` headers) and FusionBoard's generic
/// table (input-formats notes §5–§7), with the aliases of PCGR, MOAlmanac, DEEPrior/ChimerDriver, FusionCatcher
/// and SOAPfuse.
///
/// Each row is one event with one junction from the 5′ breakpoint to the 3′ breakpoint; the named genes are
/// kept (`namedGene5/3`) and each breakend's kept side follows from its gene's strand and role (the 5′ gene
/// on + keeps the left piece, …). A row without breakpoint strands has unknown orientation.
struct FusionTableReader {
    let path: String
    let options: InputOptions
    /// `.starFusion` or `.table`.
    let format: InputFormat

    /// Normalised header aliases (see ``HeaderedTable/normalise(_:)``).
    enum Alias {
        static let gene5 = [
            "gene5", "5gene", "gene5p", "5pgene", "fiveprimegene", "leftgene", "5pcommonname", "gene1symbol5endfusionpartner", "upgene", "genea5",
            "genename1", "gnnamesa",
        ]
        static let gene3 = [
            "gene3", "3gene", "gene3p", "3pgene", "threeprimegene", "rightgene", "3pcommonname", "gene2symbol3endfusionpartner", "dwgene", "geneb3",
            "genename2", "gnnamesb",
        ]
        static let fusion = ["fusion", "fusionname", "fusiongene", "fusionpair", "fusiongenes"]
        static let bp5 = ["bp5", "breakpoint5", "5breakpoint", "breakpoint5p", "leftbreakpoint", "fusionpointforgene15endfusionpartner"]
        static let bp3 = ["bp3", "breakpoint3", "3breakpoint", "breakpoint3p", "rightbreakpoint", "fusionpointforgene23endfusionpartner"]
        // EricScript (GeneName1 = 5′: chr1 Breakpoint1 strand1) and JAFFA (chrom1 base1 = the 5′ gene's) number the
        // 5′ side 1 and the 3′ side 2.
        static let chr5 = ["chr5p", "chrom5p", "chr5", "chrom5", "upchr", "chr1", "chrom1"]
        static let pos5 = ["coord5p", "pos5p", "pos5", "coord5", "upgenomepos", "breakpoint1", "base1"]
        static let strand5 = ["5pstrand", "strand5p", "strand5", "upstrand", "strand1"]
        static let chr3 = ["chr3p", "chrom3p", "chr3", "chrom3", "dwchr", "chr2", "chrom2"]
        static let pos3 = ["coord3p", "pos3p", "pos3", "coord3", "dwgenomepos", "breakpoint2", "base2"]
        static let strand3 = ["3pstrand", "strand3p", "strand3", "dwstrand", "strand2"]
        /// ChimPIPE's `juncCoord`: `chr5_50265746_-:chr5_50261737_-`, donor (5′) then acceptor (3′), transcript strands.
        static let junction = ["junccoord"]
        static let split = ["junctionreadcount", "splitreads", "support", "juncreadsnum", "junctionreads", "spanningreads", "nbspanningreads", "spanninguniquereads"]
        static let spanning = ["spanningfragcount", "spanningpairs", "spanreadsnum", "spanningfrags", "discordantpairs", "crossingreads", "nbconsistentpe"]
        static let sample = ["sampleid", "sample", "tumorsamplebarcode"]
        static let build = ["build", "genomebuild", "assembly", "version"]
    }

    /// `+`/`1`/`+1` or `-`/`-1` as a strand byte; nil otherwise.
    static func strandByte(_ text: Substring?) -> UInt8? {
        switch text {
        case "+", "1", "+1": UInt8(ascii: "+")
        case "-", "-1": UInt8(ascii: "-")
        default: nil
        }
    }

    /// PRADA's fusion table: Gene_A (5′) and Gene_B (3′) with their strands, and `Junction`, one or more
    /// `A:chr:pos_B:chr:pos,reads` joined by `|`.
    static func isPRADA(_ names: Set<String>) -> Bool {
        ["genea", "geneb", "astrand", "bstrand", "junction", "positionconsist"].allSatisfy(names.contains)
    }

    /// True when a header (normalised names) looks like STAR-Fusion / FusionInspector.
    static func isStarFusion(_ names: Set<String>) -> Bool {
        names.contains("fusionname") && names.contains("leftbreakpoint") && names.contains("rightbreakpoint")
    }

    /// The STAR-Fusion columns a header that looks like STAR-Fusion's (FusionName with one breakpoint column, or
    /// with its gene or read-count columns) lacks; nil when it is complete or not STAR-Fusion-like.
    static func missingStarFusionColumns(_ names: Set<String>) -> [String]? {
        guard names.contains("fusionname"), !isStarFusion(names) else { return nil }
        let relatives = ["leftbreakpoint", "rightbreakpoint", "leftgene", "rightgene", "junctionreadcount", "spanningfragcount"]
        guard relatives.contains(where: names.contains) else { return nil }
        return [("leftbreakpoint", "LeftBreakpoint"), ("rightbreakpoint", "RightBreakpoint")].filter { !names.contains($0.0) }.map(\.1)
    }

    /// True when a header names enough columns for the generic table.
    static func isGenericTable(_ names: Set<String>) -> Bool {
        // deFuse also has gene_name1/gene_name2, but in no 5′/3′ order: read by RNACallerReader, not as a table.
        if names.contains("splitrsequence") && names.contains("genomicbreakpos1") { return false }
        if isPRADA(names) { return true }
        let has: ([String]) -> Bool = { aliases in aliases.contains { names.contains($0) } }
        let genes = (has(Alias.gene5) && has(Alias.gene3)) || has(Alias.fusion)
        let breakpoints = (has(Alias.bp5) && has(Alias.bp3)) || has(Alias.junction)
        let split = has(Alias.chr5) && has(Alias.pos5) && has(Alias.chr3) && has(Alias.pos3)
        return genes || breakpoints || split
    }

    /// Refuses a header that names the genes but not both breakpoints (the file would read as "no fusions"), naming
    /// what is missing: STAR-Fusion's LeftBreakpoint/RightBreakpoint, the other one of bp5/bp3, or the missing ones
    /// of chr5p/coord5p/chr3p/coord3p.
    static func requireBreakpointColumns(
        _ table: HeaderedTable, _ bp5: Int?, _ bp3: Int?, _ chr5: Int?, _ pos5: Int?, _ chr3: Int?, _ pos3: Int?, hasBreakpoints: Bool, path: String
    ) throws {
        guard !hasBreakpoints else { return }
        let names = Set(table.names.map { HeaderedTable.normalise($0) })
        let what: String
        if let missing = missingStarFusionColumns(names) {
            what = "this looks like a STAR-Fusion table, but its header lacks \(missing.joined(separator: " and "))"
        } else if (bp5 == nil) != (bp3 == nil) {
            what = "the header has \(bp5 == nil ? "a 3′ breakpoint column but no 5′ one (bp5)" : "a 5′ breakpoint column but no 3′ one (bp3)")"
        } else if [chr5, pos5, chr3, pos3].contains(where: { $0 != nil }) {
            let missing = zip(["chr5p", "coord5p", "chr3p", "coord3p"], [chr5, pos5, chr3, pos3]).filter { $0.1 == nil }.map(\.0)
            what = "the header lacks \(missing.joined(separator: ", ")) of the chr5p/coord5p/chr3p/coord3p breakpoint columns"
        } else {
            what = "the header names the genes but no breakpoint columns"
        }
        throw InputError(
            file: path, line: table.headerLine,
            "\(what); FusionBoard needs each fusion's breakpoints to place it on the genome — add bp5/bp3 (chr:pos[:strand]) or chr5p/coord5p/chr3p/coord3p")
    }

    private struct Row {
        var line: Int
        var gene5: String?
        var gene3: String?
        var bp5: FusionText.Breakpoint?
        var bp3: FusionText.Breakpoint?
        var split: Int?
        var spanning: Int?
        var sample: String?
        /// PRADA's further junctions of the row (after `bp5`/`bp3`): one event with several junctions.
        var moreJunctions: [(bp5: FusionText.Breakpoint, bp3: FusionText.Breakpoint)] = []
    }

    func read() throws -> CallSet {
        var rows: [Row] = []
        var columns: (gene5: Int?, gene3: Int?, fusion: Int?, bp5: Int?, bp3: Int?, junction: Int?, prada: Int?, chr5: Int?, pos5: Int?, strand5: Int?, chr3: Int?, pos3: Int?, strand3: Int?, split: Int?, spanning: Int?, sample: Int?, build: Int?)?
        var builds: Set<GenomeBuild> = []
        var recordsRead = 0
        var repeated = RepeatedRows()
        let header = try HeaderedTable.read(path) { table, fields, number in
            if columns == nil {
                var c = (
                    gene5: table.column(Alias.gene5), gene3: table.column(Alias.gene3), fusion: table.column(Alias.fusion),
                    bp5: table.column(Alias.bp5), bp3: table.column(Alias.bp3), junction: table.column(Alias.junction), prada: Int?.none,
                    chr5: table.column(Alias.chr5),
                    pos5: table.column(Alias.pos5),
                    strand5: table.column(Alias.strand5), chr3: table.column(Alias.chr3), pos3: table.column(Alias.pos3),
                    strand3: table.column(Alias.strand3), split: table.column(Alias.split), spanning: table.column(Alias.spanning),
                    sample: table.column(Alias.sample), build: table.column(Alias.build))
                if Self.isPRADA(Set(table.index.keys)) {
                    (c.gene5, c.gene3, c.strand5, c.strand3) = (table.column(["genea"]), table.column(["geneb"]), table.column(["astrand"]), table.column(["bstrand"]))
                    (c.prada, c.split, c.spanning) = (table.column(["junction"]), table.column(["jsrn"]), table.column(["discordantn"]))
                }
                let hasGenes = (c.gene5 != nil && c.gene3 != nil) || c.fusion != nil
                let hasBreakpoints = (c.bp5 != nil && c.bp3 != nil) || c.junction != nil || c.prada != nil || (c.chr5 != nil && c.pos5 != nil && c.chr3 != nil && c.pos3 != nil)
                guard hasGenes || hasBreakpoints else {
                    throw InputError(
                        file: path, line: table.headerLine,
                        "the header names neither gene5/gene3 (or fusion) nor bp5/bp3 columns; expected e.g. 'gene5<TAB>gene3<TAB>bp5<TAB>bp3' (bp = chr:pos[:strand])")
                }
                try Self.requireBreakpointColumns(table, c.bp5, c.bp3, c.chr5, c.pos5, c.chr3, c.pos3, hasBreakpoints: hasBreakpoints, path: path)
                columns = c
            }
            let c = columns!
            recordsRead += 1
            repeated.note(fields, line: number)
            func field(_ index: Int?) -> Substring? {
                guard let index, index < fields.count else { return nil }
                let value = fields[index].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : Substring(value)
            }
            func need(_ index: Int?, _ what: String) throws -> Substring? {
                if let index, index >= fields.count {
                    throw InputError(
                        file: path, line: number,
                        "\(fields.count) \(table.separator)-separated columns, but the '\(table.names[index])' column is number \(index + 1); the line is truncated or not \(table.separator)-separated like the header")
                }
                return field(index)
            }
            var row = Row(line: number)
            row.gene5 = try need(c.gene5, "gene5").flatMap(FusionText.symbol)
            row.gene3 = try need(c.gene3, "gene3").flatMap(FusionText.symbol)
            if row.gene5 == nil && row.gene3 == nil, let name = try need(c.fusion, "fusion") {
                do { (row.gene5, row.gene3) = try FusionText.splitFusionName(name) } catch let error as VCFSyntaxError {
                    throw InputError(file: path, line: number, error.message)
                }
            }
            func breakpoint(_ bp: Int?, _ chr: Int?, _ pos: Int?, _ strand: Int?, _ label: String) throws -> (String, Int, UInt8?)? {
                if let text = try need(bp, label) {
                    guard let parsed = FusionText.breakpoint(text) else {
                        throw InputError(file: path, line: number, "breakpoint '\(text.prefix(60))' in column '\(table.names[bp!])' is not chr:pos or chr:pos:strand (1-based)")
                    }
                    return parsed
                }
                guard let chromosome = try need(chr, label) else { return nil }
                guard let positionText = try need(pos, label), let position = Int(positionText), position > 0 else {
                    throw InputError(file: path, line: number, "position '\(field(pos) ?? "")' in column '\(pos.map { table.names[$0] } ?? label)' is not a whole number ≥ 1")
                }
                return (String(chromosome), position, Self.strandByte(field(strand)))
            }
            var pradaJunctions: [PRADAJunction] = []
            if let text = try need(c.prada, "Junction") {
                guard let parsed = FusionText.pradaJunctions(text) else {
                    throw InputError(
                        file: path, line: number,
                        "junction list '\(text.prefix(60))' in column '\(table.names[c.prada!])' is not GENE:chr:pos_GENE:chr:pos,reads joined by '|' (PRADA)")
                }
                pradaJunctions = parsed
            } else if let text = try need(c.junction, "junction") {
                guard let (donor, acceptor) = FusionText.chimPipeJunction(text) else {
                    throw InputError(
                        file: path, line: number, "junction '\(text.prefix(60))' in column '\(table.names[c.junction!])' is not chr_pos_strand:chr_pos_strand (ChimPIPE juncCoord)")
                }
                (row.bp5, row.bp3) = (donor, acceptor)
            } else {
                row.bp5 = try breakpoint(c.bp5, c.chr5, c.pos5, c.strand5, "5′ breakpoint")
                row.bp3 = try breakpoint(c.bp3, c.chr3, c.pos3, c.strand3, "3′ breakpoint")
            }
            if row.gene5 == nil && row.gene3 == nil && (row.bp5 == nil || row.bp3 == nil) {
                throw InputError(file: path, line: number, "the row has neither a gene nor both breakpoints; fill gene5/gene3 or bp5/bp3")
            }
            do throws(VCFSyntaxError) {
                row.split = try FusionText.count(field(c.split), column: c.split.map { table.names[$0] } ?? "")
                row.spanning = try FusionText.count(field(c.spanning), column: c.spanning.map { table.names[$0] } ?? "")
            } catch { throw InputError(file: path, line: number, error.message) }
            row.sample = field(c.sample).map(String.init)
            if !pradaJunctions.isEmpty {
                // One event for the row, a junction for each item of its list, with the row's gene strands and read counts.
                let strand5 = Self.strandByte(field(c.strand5)), strand3 = Self.strandByte(field(c.strand3))
                let pairs = pradaJunctions.map { j in ((j.chromosome5, j.position5, strand5), (j.chromosome3, j.position3, strand3)) as (FusionText.Breakpoint, FusionText.Breakpoint) }
                (row.bp5, row.bp3) = pairs[0]
                row.moreJunctions = pairs.dropFirst().map { (bp5: $0.0, bp3: $0.1) }
            }
            if let buildText = field(c.build) {
                guard let build = GenomeBuild(parsing: String(buildText)) else {
                    throw InputError(file: path, line: number, "build '\(buildText)' is not GRCh37 or GRCh38 (hg19/hg38)")
                }
                builds.insert(build)
            }
            rows.append(row)
        }
        guard header != nil else {
            throw InputError(file: path, line: nil, "the file is empty; expected a header line and one fusion per line")
        }
        if let table = header, columns == nil {
            // Header only: validate it anyway so a wrong file is not read as "no fusions".
            let names = Set(table.names.map { HeaderedTable.normalise($0) })
            if !(format == .starFusion ? Self.isStarFusion(names) : Self.isGenericTable(names)) {
                throw InputError(file: path, line: table.headerLine, "the header names neither gene5/gene3 (or fusion) nor bp5/bp3 columns")
            }
            let hasBreakpoints = (table.column(Alias.bp5) != nil && table.column(Alias.bp3) != nil) || table.column(Alias.junction) != nil || Self.isPRADA(names)
                || [Alias.chr5, Alias.pos5, Alias.chr3, Alias.pos3].allSatisfy { table.column($0) != nil }
            try Self.requireBreakpointColumns(
                table, table.column(Alias.bp5), table.column(Alias.bp3), table.column(Alias.chr5), table.column(Alias.pos5), table.column(Alias.chr3),
                table.column(Alias.pos3), hasBreakpoints: hasBreakpoints, path: path)
        }
        let placeable = rows.filter { $0.bp5 != nil && $0.bp3 != nil }.count
        if !rows.isEmpty && placeable == 0 {
            throw InputError(
                file: path, line: nil,
                "none of the \(rows.count) rows has both breakpoints, so no fusion can be placed on the genome; fill the breakpoint columns (bp5/bp3 as chr:pos[:strand])")
        }
        var warnings: [InputWarning] = repeated.warning(path).map { [$0] } ?? []
        if builds.count > 1 {
            throw InputError(file: path, line: nil, "the build column mixes \(builds.map(\.rawValue).sorted().joined(separator: " and ")); split the file by build")
        }
        var clues = BuildClues()
        clues.recordBuild = builds.first
        let (build, evidence) = try clues.resolve(asserted: options.build, file: path, warnings: &warnings)
        // One patient per call set: several sample IDs need --tumor-sample to choose.
        let sample = try options.chooseSample(among: rows.compactMap(\.sample), file: path)
        var builder = try CallSetBuilder(path: path, build: build, options: options, warnings: warnings, recordsRead: recordsRead)
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        for row in rows {
            if let sample, let rowSample = row.sample, rowSample != sample {
                builder.statistics.filteredOut += 1
                continue
            }
            let id = "\(fileName):\(row.line)"
            guard let bp5 = row.bp5, let bp3 = row.bp3 else {
                // Genes without breakpoints cannot be placed on the genome: an event FusionBoard cannot annotate.
                builder.statistics.withoutJunction += 1
                builder.warnings.append(
                    InputWarning(
                        file: path, line: row.line, "\(row.gene5 ?? "?")::\(row.gene3 ?? "?") has no breakpoints; skipped (fill bp5/bp3 to analyse it)",
                        japanese: "\(row.gene5 ?? "?")::\(row.gene3 ?? "?")には切断点がないためスキップしました（解析するにはbp5/bp3を記入してください）"))
                continue
            }
            /// The two breakends of a junction, or why not: a contig FusionBoard skips, or a position that cannot be lifted.
            func place(_ bp5: FusionText.Breakpoint, _ bp3: FusionText.Breakpoint) -> Result<(Breakend, Breakend), PlacementFailure> {
                guard let chrom5 = Chromosome.canonical(bp5.chromosome), let chrom3 = Chromosome.canonical(bp3.chromosome) else { return .failure(.skippedContig) }
                let side5 = keptSide(geneStrand: bp5.strand, fivePrime: true), side3 = keptSide(geneStrand: bp3.strand, fivePrime: false)
                guard let a = builder.breakend(id: id, chromosome: chrom5, position: bp5.position, side: side5, line: row.line, spelling: bp5.chromosome),
                    let b = builder.breakend(id: id, chromosome: chrom3, position: bp3.position, side: side3, line: row.line, spelling: bp3.chromosome)
                else { return .failure(.notLifted) }
                return .success((a, b))
            }
            let a: Breakend, b: Breakend
            switch place(bp5, bp3) {
            case .success(let pair): (a, b) = pair
            case .failure(.skippedContig):
                builder.statistics.skippedContigs += 1
                builder.skippedContigNames.insert(bp5.chromosome + "/" + bp3.chromosome)
                continue
            case .failure(.notLifted):
                builder.statistics.liftoverFailures += 1
                continue
            }
            var pairs = [(a, b)]
            for more in row.moreJunctions {
                // A further junction of a PRADA row; one that cannot be placed is left out, with a warning.
                guard case .success(let pair) = place(more.bp5, more.bp3) else {
                    let junction = "\(more.bp5.chromosome):\(more.bp5.position)→\(more.bp3.chromosome):\(more.bp3.position)"
                    builder.warnings.append(
                        InputWarning(
                            file: path, line: row.line, "the junction \(junction) cannot be placed in GRCh38; left out",
                            japanese: "ジャンクション \(junction) はGRCh38上に配置できないため除外しました"))
                    continue
                }
                pairs.append(pair)
            }
            builder.addEvent(
                recordIDs: [id], svType: .rnaFusion, first: a, second: b, junctions: pairs, line: row.line, filter: ".",
                support: CallerSupport(splitReads: row.split, spanningPairs: row.spanning), namedGene5: row.gene5, namedGene3: row.gene3)
        }
        return try builder.finish(format: format, sample: sample, build: build, evidence: evidence)
    }
}

/// Why a table row's junction could not be placed (``FusionTableReader``).
private enum PlacementFailure: Error {
    case skippedContig, notLifted
}
