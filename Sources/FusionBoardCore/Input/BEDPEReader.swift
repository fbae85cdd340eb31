import Foundation

/// Reads BEDPE: bedtools (no header: `chrom1 start1 end1 chrom2 start2 end2 [name score strand1 strand2 …]`),
/// 10x Long Ranger (`#chrom1 … filters info`), LUMPY/svtools (`#CHROM_A … STRAND_A STRAND_B TYPE FILTER …`)
/// and ChimeraScan's RNA chimeras (`#chrom5p … strand5p strand3p … genes5p genes3p`).
///
/// Coordinates are 0-based half-open intervals around the breakpoint; a 1-base interval gives its base, a wider
/// one its middle with the interval kept as the confidence interval. Strand `+` keeps the piece left of the
/// breakpoint, `-` the right, `.` is unknown (input-formats notes §3). ChimeraScan rows are RNA fusions: the
/// 5′ partner is the first interval and the strands are the genes' strands.
struct BEDPEReader {
    let path: String
    let options: InputOptions

    /// The header names of a BEDPE (normalised), if `names` is one.
    static func isBEDPEHeader(_ names: [String]) -> Bool {
        guard names.count >= 6 else { return false }
        let first = names[0]
        return ["chrom1", "chroma", "chrom5p"].contains(first)
    }

    /// True when a line is Arriba's simple SV format: `CONTIG:POS CONTIG:POS dir dir` (dir = downstream/upstream/+/-).
    static func looksLikeArribaSV(_ line: Substring) -> Bool {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 4 else { return false }
        let directions: Set<Substring> = ["downstream", "upstream", "+", "-"]
        return FusionText.breakpoint(fields[0]) != nil && FusionText.breakpoint(fields[1]) != nil && directions.contains(fields[2])
            && directions.contains(fields[3])
    }

    /// True when a headerless line looks like bedtools BEDPE (six columns, four of them integers).
    static func looksLikeBEDPE(_ line: Substring) -> Bool {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count >= 6 else { return false }
        guard let s1 = Int(fields[1]), let e1 = Int(fields[2]), let s2 = Int(fields[4]), let e2 = Int(fields[5]), e1 >= s1, e2 >= s2 else { return false }
        // Chromosome columns hold names like chr1, 1, X, chrUn_gl000220 — not record numbers or bracketed lists.
        let contig: (Substring) -> Bool = { name in
            !name.isEmpty && !name.contains("[") && !name.contains(",") && (Chromosome.canonical(String(name)) != nil || !name.allSatisfy(\.isNumber))
        }
        return contig(fields[0]) && contig(fields[3])
    }

    func read() throws -> CallSet {
        struct Columns {
            var chrom1 = 0, start1 = 1, end1 = 2, chrom2 = 3, start2 = 4, end2 = 5
            var name: Int? = 6, strand1: Int? = 8, strand2: Int? = 9, filter: Int?, genes5: Int?, genes3: Int?
            var rna = false
            /// The header's column names as written, when the file has a header.
            var header: [String]?
            /// The last column a row must have: the last one read (header), or for a headerless file the strand
            /// columns when its first row has them.
            var required: Int?
        }
        var columns = Columns()
        var sawData = false
        var recordsRead = 0
        struct Row {
            var line: Int, id: String
            var chrom1: String, pos1: Int, ci1: ClosedRange<Int>?, side1: KeptSide?
            var chrom2: String, pos2: Int, ci2: ClosedRange<Int>?, side2: KeptSide?
            var passes: Bool, filter: String
            var gene5: String?, gene3: String?
            var score: Double?
        }
        var rows: [Row] = []
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        try LineReader(path: path).forEachLine { bytes, number in
            if bytes.isEmpty { return }
            let line = String(decoding: bytes, as: UTF8.self)
            if line.hasPrefix("track") || line.hasPrefix("browser") { return }
            if line.hasPrefix("#") {
                if sawData { return }
                let written = line.drop { $0 == "#" }.split(separator: "\t", omittingEmptySubsequences: false).map { String($0) }
                let names = written.map { HeaderedTable.normalise($0) }
                if Self.isBEDPEHeader(names) {
                    func find(_ aliases: [String]) -> Int? { names.firstIndex { aliases.contains($0) } }
                    columns.name = find(["name", "id", "chimeraclusterid"])
                    columns.strand1 = find(["strand1", "stranda", "strand5p"])
                    columns.strand2 = find(["strand2", "strandb", "strand3p"])
                    columns.filter = find(["filter", "filters"])
                    columns.genes5 = find(["genes5p"])
                    columns.genes3 = find(["genes3p"])
                    columns.rna = names[0] == "chrom5p"
                    columns.header = written
                    if columns.rna {
                        // ChimeraScan: the strands and genes make the rows RNA fusions; without them the columns
                        // after the gap would be read shifted.
                        let expected = ["chrom5p", "start5p", "end5p", "chrom3p", "start3p", "end3p", "strand5p", "strand3p", "genes5p", "genes3p"]
                        let missing = expected.filter { !names.contains($0) }
                        if !missing.isEmpty {
                            throw InputError(
                                file: path, line: number,
                                "a ChimeraScan BEDPE header (#chrom5p …) needs the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")), which \(missing.count > 1 ? "are" : "is") missing; restore the header")
                        }
                    }
                    columns.required = [5, columns.name, columns.strand1, columns.strand2, columns.filter, columns.genes5, columns.genes3].compactMap { $0 }.max()
                }
                return
            }
            sawData = true
            recordsRead += 1
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count == 4 {
                // Arriba's simple SV format (input-formats notes §3): CONTIG:POS CONTIG:POS dir dir.
                guard Self.looksLikeArribaSV(Substring(line)), let a = FusionText.breakpoint(fields[0]), let b = FusionText.breakpoint(fields[1]) else {
                    throw InputError(
                        file: path, line: number,
                        "4 columns but not Arriba's SV format 'CONTIG:POS<TAB>CONTIG:POS<TAB>dir<TAB>dir' (dir = downstream, upstream, + or -), nor BEDPE (6+ columns)")
                }
                func side(_ d: Substring) -> KeptSide { d == "downstream" || d == "+" ? .left : .right }
                rows.append(
                    Row(
                        line: number, id: "\(fileName):\(number)", chrom1: a.chromosome, pos1: a.position, ci1: nil, side1: side(fields[2]),
                        chrom2: b.chromosome, pos2: b.position, ci2: nil, side2: side(fields[3]), passes: true, filter: "."))
                return
            }
            guard fields.count >= 6 else {
                throw InputError(
                    file: path, line: number, "expected at least 6 tab-separated columns (chrom1 start1 end1 chrom2 start2 end2), found \(fields.count)")
            }
            if columns.header == nil && columns.required == nil {
                // Headerless: the first row says whether the file has strands (columns 9 and 10).
                columns.required = fields.count >= 10 ? 9 : 5
            }
            if let required = columns.required, fields.count <= required {
                let what = columns.header.map { "the header's '\($0[required])' column is number \(required + 1)" } ?? "the first row has strands in columns 9 and 10"
                throw InputError(
                    file: path, line: number, "\(fields.count) tab-separated columns, but \(what); the line is truncated or not tab-separated")
            }
            func interval(_ s: Int, _ e: Int, _ label: String) throws -> (Int, Int) {
                guard let start = Int(fields[s]), let end = Int(fields[e]), start >= 0, end >= start else {
                    throw InputError(
                        file: path, line: number,
                        "\(label) '\(fields[s].prefix(20))'–'\(fields[e].prefix(20))' is not a 0-based interval (start ≥ 0, end ≥ start, whole numbers)")
                }
                guard end <= InputLimits.maximumPosition else {
                    throw InputError(
                        file: path, line: number,
                        InputLimits.pastEveryChromosome("\(label) \(start)–\(end)", verb: "reaches", fix: "interval"))
                }
                return (start, end)
            }
            let (s1, e1) = try interval(columns.start1, columns.end1, "start1/end1")
            let (s2, e2) = try interval(columns.start2, columns.end2, "start2/end2")
            func strand(_ i: Int?) throws -> UInt8? {
                guard let i, i < fields.count else { return nil }
                switch fields[i] {
                case "+": return UInt8(ascii: "+")
                case "-": return UInt8(ascii: "-")
                case ".", "": return nil
                default:
                    throw InputError(file: path, line: number, "strand '\(fields[i].prefix(20))' in column \(i + 1) is not +, - or .")
                }
            }
            let strand1 = try strand(columns.strand1), strand2 = try strand(columns.strand2)
            var name = columns.name.flatMap { $0 < fields.count ? String(fields[$0]) : nil } ?? ""
            if name.isEmpty || name == "." { name = "\(fileName):\(number)" }
            // The FILTER as written; "." when the file has no filter column or leaves it empty (not given, not PASS).
            var filterText = columns.filter.flatMap { $0 < fields.count ? String(fields[$0]) : nil } ?? "."
            if filterText.isEmpty { filterText = "." }
            let passes = filterText == "PASS" || filterText == "."
            var row = Row(
                line: number, id: name, chrom1: String(fields[columns.chrom1]), pos1: 0, ci1: nil, side1: nil, chrom2: String(fields[columns.chrom2]),
                pos2: 0, ci2: nil, side2: nil, passes: passes, filter: filterText)
            if columns.rna {
                // ChimeraScan: intervals are the aligned transcript spans; the junction is at the 3′ end of the 5′ span
                // (in transcription direction) and the 5′ end of the 3′ span.
                row.pos1 = strand1 == UInt8(ascii: "-") ? s1 + 1 : e1
                row.pos2 = strand2 == UInt8(ascii: "-") ? e2 : s2 + 1
                row.side1 = keptSide(geneStrand: strand1, fivePrime: true)
                row.side2 = keptSide(geneStrand: strand2, fivePrime: false)
                row.gene5 = columns.genes5.flatMap { $0 < fields.count ? FusionText.symbol(fields[$0]) : nil }
                row.gene3 = columns.genes3.flatMap { $0 < fields.count ? FusionText.symbol(fields[$0]) : nil }
            } else {
                func point(_ start: Int, _ end: Int) -> (Int, ClosedRange<Int>?) {
                    if end - start <= 1 { return (max(end, start + 1), nil) }
                    let middle = (start + 1 + end) / 2
                    return (middle, (start + 1 - middle)...(end - middle))
                }
                (row.pos1, row.ci1) = point(s1, e1)
                (row.pos2, row.ci2) = point(s2, e2)
                row.side1 = strand1.map { $0 == UInt8(ascii: "+") ? .left : .right }
                row.side2 = strand2.map { $0 == UInt8(ascii: "+") ? .left : .right }
            }
            rows.append(row)
        }
        guard recordsRead > 0 || sawData else {
            throw InputError(file: path, line: nil, "the file is empty or has only header lines; expected BEDPE rows (chrom1 start1 end1 chrom2 start2 end2 …)")
        }
        var warnings: [InputWarning] = []
        let (build, evidence) = try BuildClues().resolve(asserted: options.build, file: path, warnings: &warnings)
        var builder = try CallSetBuilder(path: path, build: build, options: options, warnings: warnings, recordsRead: recordsRead)
        for row in rows {
            if !row.passes && !options.includeFiltered {
                builder.statistics.filteredOut += 1
                continue
            }
            guard let (c1, c2) = builder.canonicalChromosomes(row.chrom1, row.chrom2) else { continue }
            guard let a = builder.breakend(id: row.id, chromosome: c1, position: row.pos1, side: row.side1, interval: row.ci1, line: row.line, spelling: row.chrom1),
                let b = builder.breakend(id: row.id, chromosome: c2, position: row.pos2, side: row.side2, interval: row.ci2, line: row.line, spelling: row.chrom2)
            else {
                builder.statistics.liftoverFailures += 1
                continue
            }
            let type: StructuralVariantType = columns.rna ? .rnaFusion : c1 != c2 ? .translocation : StructuralVariantType.inferred(a, b)
            builder.addEvent(
                recordIDs: [row.id], svType: type, first: a, second: b, junctions: [(a, b)], line: row.line, filter: row.filter,
                support: CallerSupport(), namedGene5: row.gene5, namedGene3: row.gene3)
        }
        return try builder.finish(format: .bedpe, sample: nil, build: build, evidence: evidence)
    }
}
