import Foundation

/// Reads structural-variant VCF 4.1–4.5 from any SV caller (Manta, DELLY, GRIDSS/PURPLE, SvABA, LUMPY, Sniffles,
/// novoBreak, 10x, …), plain or gzip/BGZF, into junctions and events.
///
/// - BND records in all four bracket forms, paired by `MATEID` (else `PARID`, else as mirror images of each other);
///   a bracket record without any mate key is a one-record junction (DELLY ≥1.0). A record whose named mate is
///   filtered out, on a skipped contig or absent becomes a single breakend, with a warning.
/// - Single breakends (`G.`, `.A`, GRIDSS `TATAT….`) stay unpaired and are never turned into fusions.
/// - Symbolic alleles, junctions as in input-formats notes §1.2: `<DEL>` POS(L)+END+1(R); `<DUP>`, `<DUP:TANDEM>`
///   END(L)+POS+1(R); `<INV>` both POS(L)+END(L) and POS+1(R)+END+1(R) (only one when DELLY `CT` or LUMPY
///   `STRANDS` names it); `<TRA>`/`<BND>` CHR2:POS2|END with sides from `CT`/`STRANDS`, else unknown; `<CTX>`
///   two junctions of a reciprocal translocation, the CHR2 side's orientation unknown; `<INS…>`, `<CNV>`,
///   `<CPX>`, `<INVDUP>`, `<UNK>` … are events without a junction. END comes from INFO END, else POS+|SVLEN|.
/// - Sequence-resolved alleles are SVs when SVTYPE says so or the length changes by ≥ 50 bases.
/// - FILTER PASS or `.` is kept; anything else only with `--include-filtered`.
///
/// Bytes are parsed in place; only kept fields become `String`s.
struct VCFReader {
    let path: String
    let options: InputOptions

    /// A bracketed ALT decoded: the kept side of this record, the mate position and the mate's kept side.
    struct BracketAllele: Equatable {
        var keptSide: KeptSide
        var mateChromosome: String
        var matePosition: Int
        var mateKeptSide: KeptSide
    }

    /// One ALT allele, classified.
    enum Allele {
        case bracket(BracketAllele)
        /// `G.` keeps left, `.A` keeps right.
        case single(KeptSide)
        /// The symbol's name, upper-cased, e.g. `DEL`, `DUP:TANDEM`, `INS:ME:L1`.
        case symbolic(String)
        case sequence(length: Int)
        /// `*` or `.`: no alternate allele.
        case none
    }

    /// The INFO keys FusionBoard reads; everything else is skipped without allocating.
    struct Info {
        var svType: String?
        var end: Int?
        var svLength: Int?
        /// MATEID as written (comma-separated when several).
        var mateIDs: String?
        var partnerID: String?
        var event: String?
        var cipos: ClosedRange<Int>?
        var ciend: ClosedRange<Int>?
        var chr2: String?
        var pos2: Int?
        /// DELLY connection type: 3to5, 5to3, 3to3, 5to5.
        var connection: String?
        /// LUMPY/Sniffles `STRANDS=+-:12,...`: the orientations listed.
        var strands: [String] = []
    }

    /// One parsed data line before pairing.
    struct Record {
        var line: Int
        var id: String
        var chrom: String
        /// Canonical primary chromosome, or nil for alt/decoy/unplaced/unknown contigs.
        var canonical: String?
        var pos: Int
        var refLength: Int
        /// The first ALT allele; further ones (multi-allelic records) in `moreAlleles`.
        var allele: Allele
        var moreAlleles: [Allele]
        var filter: String
        var passes: Bool
        var info: Info
        var support: CallerSupport
    }

    /// Decodes `t[p[`, `t]p]`, `]p]t`, `[p[t`; returns nil when the ALT has no bracket.
    static func decodeBracket(_ alt: String) throws(VCFSyntaxError) -> BracketAllele? {
        guard let first = alt.firstIndex(where: { $0 == "[" || $0 == "]" }) else { return nil }
        let bracket = alt[first]
        guard let second = alt[alt.index(after: first)...].firstIndex(of: bracket) else {
            throw VCFSyntaxError("ALT '\(alt.prefix(80))' opens a '\(bracket)' bracket it never closes; expected t[p[, t]p], ]p]t or [p[t")
        }
        let mate = alt[alt.index(after: first)..<second]
        guard let colon = mate.lastIndex(of: ":"), colon != mate.startIndex, !mate[mate.index(after: colon)...].isEmpty,
            mate[mate.index(after: colon)...].allSatisfy({ $0.isASCII && $0.isNumber })
        else {
            throw VCFSyntaxError("ALT '\(alt.prefix(80))' has no mate position 'chr:pos' inside its brackets; write the mate as e.g. N[chr2:321682[")
        }
        guard let matePos = Int(mate[mate.index(after: colon)...]), matePos <= InputLimits.maximumPosition else {
            throw VCFSyntaxError(
                InputLimits.pastEveryChromosome("ALT '\(alt.prefix(80))'", verb: "names a mate position", fix: "ALT"))
        }
        let before = alt[..<first]
        let after = alt[alt.index(after: second)...]
        if after.contains("[") || after.contains("]") || before.contains("[") || before.contains("]") {
            throw VCFSyntaxError("ALT '\(alt.prefix(80))' has more than one bracket pair; split multiple breakend alleles with commas")
        }
        let keptSide: KeptSide
        if !before.isEmpty && after.isEmpty {
            keptSide = .left
        } else if before.isEmpty && !after.isEmpty {
            keptSide = .right
        } else {
            throw VCFSyntaxError("ALT '\(alt.prefix(80))' must have the reference base(s) on exactly one side of the brackets (t[p[, t]p], ]p]t, [p[t)")
        }
        return BracketAllele(
            keptSide: keptSide, mateChromosome: String(mate[..<colon]), matePosition: matePos, mateKeptSide: bracket == "[" ? .right : .left)
    }

    /// Byte-level ``decodeBracket(_:)`` for the hot path; nil when the allele has no bracket.
    static func decodeBracket(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) throws(VCFSyntaxError) -> BracketAllele? {
        let open = UInt8(ascii: "["), close = UInt8(ascii: "]")
        guard let first = bytes.firstIndex(where: { $0 == open || $0 == close }) else { return nil }
        let bracket = bytes[first]
        guard let second = bytes[(first + 1)...].firstIndex(of: bracket) else { return try decodeBracket(Bytes.string(bytes)) }
        let mate = bytes[(first + 1)..<second]
        guard let colon = mate.lastIndex(of: Bytes.colon), colon != mate.startIndex, let matePos = Bytes.int(mate[(colon + 1)...]), matePos >= 0,
            matePos <= InputLimits.maximumPosition,
            !bytes[(second + 1)...].contains(where: { $0 == open || $0 == close }), !bytes[..<first].contains(where: { $0 == open || $0 == close })
        else { return try decodeBracket(Bytes.string(bytes)) }
        let beforeEmpty = first == bytes.startIndex, afterEmpty = second + 1 == bytes.endIndex
        guard beforeEmpty != afterEmpty else { return try decodeBracket(Bytes.string(bytes)) }
        return BracketAllele(
            keptSide: afterEmpty ? .left : .right, mateChromosome: Bytes.string(mate[..<colon]), matePosition: matePos,
            mateKeptSide: bracket == open ? .right : .left)
    }

    /// Classifies one ALT allele; throws for text that is no allele at all.
    static func classify(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) throws(VCFSyntaxError) -> Allele {
        guard let first = bytes.first else { throw VCFSyntaxError("ALT is empty; expected bases, <SYMBOL>, a breakend (t[p[) or '.'") }
        if bytes.count == 1 && (first == UInt8(ascii: ".") || first == UInt8(ascii: "*")) { return .none }
        if first == UInt8(ascii: "<") {
            guard bytes.last == UInt8(ascii: ">"), bytes.count > 2 else {
                throw VCFSyntaxError("ALT '\(Bytes.string(bytes.prefix(80)))' opens '<' without closing '>'; expected e.g. <DEL>")
            }
            return .symbolic(Bytes.string(bytes.dropFirst().dropLast()).uppercased())
        }
        if let allele = try decodeBracket(bytes) { return .bracket(allele) }
        let last = bytes[bytes.index(before: bytes.endIndex)]
        if bytes.count >= 2 && (first == UInt8(ascii: ".") || last == UInt8(ascii: ".")) {
            guard isBases(bytes.dropFirst(first == UInt8(ascii: ".") ? 1 : 0).dropLast(last == UInt8(ascii: ".") ? 1 : 0)) else {
                throw VCFSyntaxError("ALT '\(Bytes.string(bytes.prefix(80)))' is not a single breakend; expected bases then '.' (G.) or '.' then bases (.A)")
            }
            return .single(last == UInt8(ascii: ".") ? .left : .right)
        }
        guard isBases(bytes) else {
            throw VCFSyntaxError(
                "ALT '\(Bytes.string(bytes.prefix(80)))' is neither bases, a symbolic <…> allele, nor a breakend (t[p[, ]p]t, t., .t); fix the record")
        }
        return .sequence(length: bytes.count)
    }

    @inline(__always)
    static func isBases<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        for b in bytes {
            switch b | 0x20 {  // lower-case letters
            case UInt8(ascii: "a"), UInt8(ascii: "c"), UInt8(ascii: "g"), UInt8(ascii: "t"), UInt8(ascii: "n"): continue
            default:
                // IUPAC ambiguity codes occur in some references.
                if "rykmswbdhv".utf8.contains(b | 0x20) { continue }
                return false
            }
        }
        return true
    }

    func read() throws -> CallSet {
        var samples: [String] = []
        var clues = BuildClues()
        var sawFileFormat = false
        var sawColumnHeader = false
        var headerColumns = 0
        var records: [Record] = []
        var warnings: [InputWarning] = []
        var tumorColumn: Int?
        var widerLines = 0
        var fields: [Slice<UnsafeBufferPointer<UInt8>>] = []
        fields.reserveCapacity(16)
        var alleleSlices: [Slice<UnsafeBufferPointer<UInt8>>] = []
        /// Canonical names per contig as written (a handful of distinct values).
        var contigs: [String: String?] = [:]
        let fileName = URL(fileURLWithPath: path).lastPathComponent

        try LineReader(path: path).forEachLine { line, number in
            if line.isEmpty { return }
            if line[0] == Bytes.hash {
                if number == 1 && !Bytes.hasPrefix(line, "##fileformat=VCF") && !Bytes.hasPrefix(line, "#CHROM") {
                    throw InputError(file: path, line: 1, "not a VCF: the first line must be '##fileformat=VCFv4.x'; check the file or pass --format")
                }
                if Bytes.hasPrefix(line, "##fileformat=VCF") { sawFileFormat = true }
                if Bytes.hasPrefix(line, "##reference=") {
                    clues.reference = Bytes.string(line.dropFirst(12))
                } else if Bytes.hasPrefix(line, "##contig=<") {
                    let text = Bytes.string(line)
                    if let id = Self.headerValue(text, "ID"), Chromosome.canonical(id) == "1",
                        let length = Self.headerValue(text, "length").flatMap({ Int($0) })
                    {
                        clues.chromosome1Length = length
                    }
                } else if Bytes.hasPrefix(line, "#CHROM") {
                    sawColumnHeader = true
                    let columns = Bytes.string(line).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    if columns.count < 8 {
                        throw InputError(
                            file: path, line: number, "the #CHROM header has \(columns.count) tab-separated columns; a VCF needs at least 8 (CHROM POS ID REF ALT QUAL FILTER INFO)")
                    }
                    headerColumns = columns.count
                    if columns.count > 9 { samples = Array(columns[9...]) }
                    tumorColumn = Self.chooseTumorColumn(samples, requested: options.tumorSample)
                    if let requested = options.tumorSample, tumorColumn == nil {
                        throw InputError(
                            file: path, line: number,
                            "--tumor-sample '\(requested)' is not among the samples (\(samples.isEmpty ? "none" : samples.joined(separator: ", "))); pick one of them")
                    }
                }
                return
            }
            guard sawColumnHeader else {
                throw InputError(
                    file: path, line: number,
                    sawFileFormat ? "VCF data line before the '#CHROM' header line; restore the header" : "not a VCF: data before any '##fileformat=VCF' or '#CHROM' header line; check the file or pass --format")
            }
            Bytes.split(line, on: Bytes.tab, into: &fields)
            guard fields.count >= 8 else {
                throw InputError(
                    file: path, line: number,
                    "expected at least 8 tab-separated columns (CHROM POS ID REF ALT QUAL FILTER INFO), found \(fields.count); the line is truncated or not tab-separated")
            }
            if fields.count < headerColumns {
                throw InputError(
                    file: path, line: number,
                    "\(fields.count) columns where the #CHROM header has \(headerColumns); the line is truncated or a sample column is missing")
            }
            if fields.count > headerColumns { widerLines += 1 }
            guard let pos = Bytes.int(fields[1]), pos >= 0, pos <= InputLimits.maximumPosition else {
                throw InputError(
                    file: path, line: number,
                    InputLimits.positionProblem(Bytes.int(fields[1]), text: Bytes.string(fields[1]), what: "POS") ?? "POS is not a position")
            }
            let chrom = Bytes.string(fields[0])
            // `.` and novoBreak/TIGRA's placeholder `N` are no IDs: the record is named FILE:LINE instead.
            let placeholder = fields[2].count == 1 && (fields[2].first == UInt8(ascii: ".") || fields[2].first == UInt8(ascii: "N"))
            var id = placeholder ? "" : Bytes.string(fields[2])
            if id.isEmpty { id = "\(fileName):\(number)" }
            let filterField = fields[6]
            let passes = Bytes.equals(filterField, "PASS") || Bytes.equals(filterField, ".") || filterField.isEmpty
            // ALT alleles, comma-separated (a comma inside a breakend's brackets does not occur).
            var allele = Allele.none
            var moreAlleles: [Allele] = []
            if fields[4].contains(Bytes.comma) {
                Bytes.split(UnsafeBufferPointer(rebasing: fields[4]), on: Bytes.comma, into: &alleleSlices)
                for (k, slice) in alleleSlices.enumerated() {
                    do {
                        let classified = try Self.classify(slice)
                        if k == 0 { allele = classified } else { moreAlleles.append(classified) }
                    } catch let error as VCFSyntaxError { throw InputError(file: path, line: number, error.message) }
                }
            } else {
                do { allele = try Self.classify(fields[4]) } catch let error as VCFSyntaxError { throw InputError(file: path, line: number, error.message) }
            }
            var info: Info
            var support = CallerSupport()
            do { info = try Self.parseInfo(fields[7], support: &support) } catch let error as VCFSyntaxError {
                throw InputError(file: path, line: number, error.message)
            }
            do {
                support.quality = try InputLimits.quality(fields[5])
                if let column = tumorColumn, fields.count > 9 + column {
                    try Self.readFormatSupport(format: fields[8], sample: fields[9 + column], sampleName: samples[column], into: &support)
                }
            } catch let error as VCFSyntaxError { throw InputError(file: path, line: number, error.message) }
            if info.svType == nil, moreAlleles.isEmpty, case .symbolic(let name) = allele {
                info.svType = String(name.prefix { $0 != ":" })
            }
            let canonical: String?
            if let cached = contigs[chrom] { canonical = cached } else {
                canonical = Chromosome.canonical(chrom)
                contigs[chrom] = .some(canonical)
            }
            records.append(
                Record(
                    line: number, id: id, chrom: chrom, canonical: canonical, pos: pos, refLength: fields[3].count,
                    allele: allele, moreAlleles: moreAlleles, filter: filterField.isEmpty ? "." : Bytes.string(filterField), passes: passes, info: info,
                    support: support))
        }

        guard sawColumnHeader else {
            throw InputError(
                file: path, line: nil,
                sawFileFormat ? "the VCF has no '#CHROM' column header line; the file is truncated or broken" : "the file is empty or has no VCF header; expected '##fileformat=VCF…' and '#CHROM'")
        }
        if widerLines > 0 {
            warnings.append(
                InputWarning(
                    file: path, "\(widerLines) data lines have more columns than the #CHROM header (\(headerColumns)); the extra columns were ignored",
                    japanese: "\(widerLines)行のデータ行が#CHROMヘッダー（\(headerColumns)列）より多くの列を持っています。余分な列は無視しました"))
        }
        let (build, evidence) = try clues.resolve(asserted: options.build, file: path, warnings: &warnings)
        var builder = try CallSetBuilder(path: path, build: build, options: options, warnings: warnings, recordsRead: records.count)
        try pair(records, into: &builder)
        let sample = tumorColumn.map { Self.sampleName(samples[$0]) }
        return try builder.finish(format: .vcf, sample: sample, build: build, evidence: evidence)
    }

    // MARK: - Turning records into events

    /// Pairs breakend records and turns every record into events, in file order.
    private func pair(_ records: [Record], into builder: inout CallSetBuilder) throws {
        // Eligible records: passing FILTER (or --include-filtered) and on a primary chromosome.
        var eligible = [Bool](repeating: false, count: records.count)
        var byID: [String: Int] = [:]
        byID.reserveCapacity(records.count)
        var mirrors: [String: [Int]] = [:]
        for (index, record) in records.enumerated() {
            if !record.passes && !options.includeFiltered {
                builder.statistics.filteredOut += 1
                continue
            }
            guard record.canonical != nil else {
                builder.statistics.skippedContigs += 1
                builder.skippedContigNames.insert(record.chrom)
                continue
            }
            eligible[index] = true
            guard record.moreAlleles.isEmpty, case .bracket(let bracket) = record.allele else { continue }
            if byID[record.id] == nil { byID[record.id] = index }
            if record.info.mateIDs == nil, let mateChrom = Chromosome.canonical(bracket.mateChromosome) {
                mirrors[Self.mirrorKey(record.canonical!, record.pos, mateChrom, bracket.matePosition), default: []].append(index)
            }
        }
        var pairing = Pairing(consumed: [Bool](repeating: false, count: records.count), pairedWith: [Int?](repeating: nil, count: records.count))
        for index in records.indices where eligible[index] && !pairing.consumed[index] {
            pairing.consumed[index] = true
            let record = records[index]
            func process(_ allele: Allele) throws {
                switch allele {
                case .bracket(let bracket):
                    try addBreakend(record, bracket, index: index, records: records, byID: byID, mirrors: mirrors, pairing: &pairing, into: &builder)
                case .single(let side):
                    addSingle(record, side: side, note: "single breakend (partner unknown)", into: &builder)
                case .symbolic(let name):
                    try addSymbolic(record, name: name, into: &builder)
                case .sequence(let length):
                    addSequence(record, altLength: length, into: &builder)
                case .none:
                    builder.statistics.notStructural += 1
                }
            }
            try process(record.allele)
            for allele in record.moreAlleles { try process(allele) }
        }
    }

    static func mirrorKey(_ chromA: String, _ posA: Int, _ chromB: String, _ posB: Int) -> String {
        let a = "\(chromA):\(posA)", b = "\(chromB):\(posB)"
        return a < b ? a + "|" + b : b + "|" + a
    }

    /// True when `b`'s bracket points at `a` and `a`'s at `b` (positions only: BreakDancer's mirror records carry
    /// no reliable orientation).
    static func mutual(_ a: Record, _ ab: BracketAllele, _ b: Record) -> Bool {
        guard b.moreAlleles.isEmpty, case .bracket(let bb) = b.allele else { return false }
        return Chromosome.canonical(ab.mateChromosome) == b.canonical && ab.matePosition == b.pos
            && Chromosome.canonical(bb.mateChromosome) == a.canonical && bb.matePosition == a.pos
    }

    /// How two records that name each other by MATEID disagree, in English and Japanese. A mate placed elsewhere on
    /// the right chromosome with mirror-image ALTs (`positionOnly`: e.g. a file lifted over with POS updated but
    /// not the bracketed mate position) still pairs on the records' own positions, with a warning; another
    /// chromosome or ALTs that are not mirror images keep both records single.
    struct MateDisagreement {
        var positionOnly: Bool
        var english: String
        var japanese: String
    }

    /// What stops two records that name each other by MATEID from being one junction: an ALT that puts the mate
    /// on another chromosome or outside the mate record's POS + CIPOS (Manta writes the mate anywhere in its
    /// homology), or ALTs that are not mirror images; nil when they agree.
    static func disagreement(_ a: Record, _ ab: BracketAllele, _ b: Record) -> MateDisagreement? {
        guard case .bracket(let bb) = b.allele else {
            return MateDisagreement(positionOnly: false, english: "\(b.id) is not a breakend", japanese: "\(b.id)はブレークエンドではありません")
        }
        func place(_ r: Record) -> String {
            guard let ci = r.info.cipos, ci != 0...0 else { return "\(r.chrom):\(r.pos)" }
            return "\(r.chrom):\(r.pos) (CIPOS \(ci.lowerBound),\(ci.upperBound))"
        }
        func within(_ position: Int, _ r: Record) -> Bool {
            let ci = r.info.cipos ?? 0...0
            return position >= r.pos.saturatingAdding(min(ci.lowerBound, 0)) && position <= r.pos.saturatingAdding(max(ci.upperBound, 0))
        }
        if ab.mateKeptSide != bb.keptSide || bb.mateKeptSide != ab.keptSide {
            let mirror = form(ab.mateKeptSide, ab.keptSide)
            return MateDisagreement(
                positionOnly: false,
                english: "their ALTs are not mirror images: \(a.id)'s is \(form(ab.keptSide, ab.mateKeptSide)), so its mate's must be \(mirror), but \(b.id)'s is \(form(bb.keptSide, bb.mateKeptSide))",
                japanese: "ALTが鏡像になっていません：\(a.id)は\(form(ab.keptSide, ab.mateKeptSide))なのでメイトは\(mirror)のはずですが、\(b.id)は\(form(bb.keptSide, bb.mateKeptSide))です")
        }
        // Another chromosome on either side contradicts; a position off on the right chromosomes does not.
        let sameChromosomes = Chromosome.canonical(ab.mateChromosome) == b.canonical && Chromosome.canonical(bb.mateChromosome) == a.canonical
        for (x, xb, y) in [(a, ab, b), (b, bb, a)] {
            if Chromosome.canonical(xb.mateChromosome) != y.canonical || !within(xb.matePosition, y) {
                return MateDisagreement(
                    positionOnly: sameChromosomes,
                    english: "\(x.id)'s ALT puts its mate at \(xb.mateChromosome):\(xb.matePosition), while \(y.id) is at \(place(y))",
                    japanese: "\(x.id)のALTはメイトを\(xb.mateChromosome):\(xb.matePosition)としていますが、\(y.id)は\(place(y))にあります")
            }
        }
        return nil
    }

    /// The bracket form of a breakend from its kept side and its mate's: t[p[, t]p], ]p]t or [p[t.
    static func form(_ kept: KeptSide, _ mateKept: KeptSide) -> String {
        switch (kept, mateKept) {
        case (.left, .right): "t[p["
        case (.left, .left): "t]p]"
        case (.right, .left): "]p]t"
        case (.right, .right): "[p[t"
        }
    }

    /// Which records are taken, and which pairs formed (for saying why a named mate is not usable).
    struct Pairing {
        var consumed: [Bool]
        var pairedWith: [Int?]
        /// Every record's ID, built only when a named mate is missing (to say why).
        var allIDs: [String: Int]?
    }

    private func addBreakend(
        _ record: Record, _ bracket: BracketAllele, index: Int, records: [Record], byID: [String: Int],
        mirrors: [String: [Int]], pairing: inout Pairing, into builder: inout CallSetBuilder
    ) throws {
        let mateCanonical = Chromosome.canonical(bracket.mateChromosome)
        func ids(_ list: String?) -> [Substring] { list.map { $0.split(separator: ",") } ?? [] }
        /// True when a MATEID value (one ID, or several joined by commas) names `id`.
        func listNames(_ list: String, _ id: String) -> Bool {
            list == id || (list.utf8.contains(Bytes.comma) && list.split(separator: ",").contains { $0 == id })
        }
        // Find the partner record: named by MATEID (checked against both ALTs), else PARID, else the mirror image of
        // this record (both pointing at each other).
        var partner: Int?
        if let mates = record.info.mateIDs {
            if !mates.utf8.contains(Bytes.comma), let candidate = byID[mates] {
                partner = candidate != index && !pairing.consumed[candidate] ? candidate : nil
            } else {
                partner = mates.split(separator: ",").lazy.compactMap { byID[String($0)] }.first { $0 != index && !pairing.consumed[$0] }
            }
        } else if let parid = record.info.partnerID, let candidate = byID[parid], candidate != index, !pairing.consumed[candidate],
            Self.mutual(record, bracket, records[candidate])
        {
            partner = candidate
        } else if let mateCanonical {
            let key = Self.mirrorKey(record.canonical!, record.pos, mateCanonical, bracket.matePosition)
            partner = mirrors[key]?.first { $0 != index && !pairing.consumed[$0] && Self.mutual(record, bracket, records[$0]) }
        }
        if let candidate = partner, record.info.mateIDs != nil {
            let mate = records[candidate]
            if let back = mate.info.mateIDs, !listNames(back, record.id) {
                // Not reciprocal: this side stays single; the other may still pair with the mate it names.
                keepSingle(
                    record, side: bracket.keptSide, mate: mate.id, mateLine: mate.line,
                    reason: ("names \(back) as its mate, not this record", "このレコードではなく\(back)をメイトとしています"), into: &builder)
                return
            }
            if let conflict = Self.disagreement(record, bracket, mate) {
                if conflict.positionOnly {
                    // Same chromosome, mirror-image ALTs, only the bracketed position off: paired on the records' own
                    // positions, which is what the file's MATEIDs say, with a warning to check the ALT.
                    builder.warnings.append(
                        InputWarning(
                            file: path, line: record.line,
                            "breakends \(record.id) (line \(record.line)) and \(mate.id) (line \(mate.line)) name each other as mates, but \(conflict.english); paired on the records' own positions — check the ALT",
                            japanese: "ブレークエンド\(record.id)（\(record.line)行目）と\(mate.id)（\(mate.line)行目）は互いをメイトとしていますが、\(conflict.japanese)。各レコード自身の位置で対にしました。ALTを確認してください"))
                } else {
                    // The two records contradict each other: neither is paired into an event they do not both describe.
                    pairing.consumed[candidate] = true
                    builder.warnings.append(
                        InputWarning(
                            file: path, line: record.line,
                            "breakends \(record.id) (line \(record.line)) and \(mate.id) (line \(mate.line)) name each other as mates, but \(conflict.english); both kept as single breakends — fix the ALT or the MATEID",
                            japanese: "ブレークエンド\(record.id)（\(record.line)行目）と\(mate.id)（\(mate.line)行目）は互いをメイトとしていますが、\(conflict.japanese)。両方とも単一ブレークエンドとして扱いました。ALTまたはMATEIDを修正してください"))
                    addSingle(record, side: bracket.keptSide, note: "mate \(mate.id) contradicts this record's ALT", into: &builder)
                    if case .bracket(let mateBracket) = mate.allele {
                        addSingle(mate, side: mateBracket.keptSide, note: "mate \(record.id) contradicts this record's ALT", into: &builder)
                    }
                    return
                }
            }
        }
        if let partner {
            pairing.consumed[partner] = true
            pairing.pairedWith[index] = partner
            pairing.pairedWith[partner] = index
            let mate = records[partner]
            guard case .bracket(let mateBracket) = mate.allele else { return }
            guard
                let a = builder.breakend(
                    id: record.id, chromosome: record.canonical!, position: record.pos, side: bracket.keptSide, interval: record.info.cipos,
                    line: record.line, spelling: record.chrom),
                let b = builder.breakend(
                    id: mate.id, chromosome: mate.canonical!, position: mate.pos, side: mateBracket.keptSide, interval: mate.info.cipos,
                    line: mate.line, spelling: mate.chrom)
            else {
                builder.statistics.liftoverFailures += 2
                return
            }
            var support = record.support
            Self.merge(&support, mate.support)
            builder.addEvent(
                recordIDs: [record.id, mate.id], svType: StructuralVariantType.inferred(a, b), first: a, second: b, junctions: [(a, b)],
                line: record.line, filter: record.filter, support: support, event: record.info.event ?? mate.info.event, records: 2)
            return
        }
        if let names = record.info.mateIDs {
            // A named mate that is not usable: keep this side as a single breakend, and say why.
            if pairing.allIDs == nil {
                var map: [String: Int] = [:]
                for (i, r) in records.enumerated() where map[r.id] == nil { map[r.id] = i }
                pairing.allIDs = map
            }
            let known = pairing.allIDs ?? [:]
            let reason: String, reasonJapanese: String
            var mateLine: Int?
            if ids(names).allSatisfy({ $0 == record.id }) {
                (reason, reasonJapanese) = ("is this record itself", "このレコード自身です")
            } else if let present = ids(names).lazy.filter({ $0 != record.id }).compactMap({ known[String($0)] }).first {
                let mate = records[present]
                mateLine = mate.line
                if !mate.passes && !options.includeFiltered {
                    (reason, reasonJapanese) = (
                        "is filtered out (FILTER \(mate.filter); --include-filtered keeps it)", "FILTERで除外されています（FILTER \(mate.filter)；--include-filtered で残せます）"
                    )
                } else if mate.canonical == nil {
                    (reason, reasonJapanese) = ("is on the skipped contig \(mate.chrom)", "読み飛ばしたコンティグ\(mate.chrom)上にあります")
                } else if byID[mate.id] == nil {
                    (reason, reasonJapanese) = ("is not a breakend record (its ALT has no brackets)", "ブレークエンドのレコードではありません（ALTに括弧がありません）")
                } else if let other = pairing.pairedWith[present] {
                    (reason, reasonJapanese) = (
                        "is already paired with \(records[other].id) (line \(records[other].line))",
                        "すでに\(records[other].id)（\(records[other].line)行目）と対になっています"
                    )
                } else if let back = mate.info.mateIDs, !listNames(back, record.id) {
                    (reason, reasonJapanese) = ("names \(back) as its mate, not this record", "このレコードではなく\(back)をメイトとしています")
                } else {
                    (reason, reasonJapanese) = ("was kept as a single breakend (line \(mate.line))", "単一ブレークエンドとして扱われました（\(mate.line)行目）")
                }
            } else {
                (reason, reasonJapanese) = ("is not in the file", "ファイルにありません")
            }
            keepSingle(record, side: bracket.keptSide, mate: names, mateLine: mateLine, reason: (reason, reasonJapanese), into: &builder)
            return
        }
        guard let mateCanonical else {
            builder.warnings.append(
                InputWarning(
                    file: path, line: record.line, "breakend \(record.id) joins the non-primary contig \(bracket.mateChromosome); kept as a single breakend",
                    japanese: "ブレークエンド\(record.id)は主要染色体以外のコンティグ\(bracket.mateChromosome)と連結しています。単一ブレークエンドとして扱いました"))
            addSingle(record, side: bracket.keptSide, note: "mate on the skipped contig \(bracket.mateChromosome)", into: &builder)
            return
        }
        // One-record junction (DELLY ≥1.0 and other writers without mate records).
        guard
            let a = builder.breakend(
                id: record.id, chromosome: record.canonical!, position: record.pos, side: bracket.keptSide, interval: record.info.cipos,
                line: record.line, spelling: record.chrom),
            let b = builder.breakend(
                id: record.id, chromosome: mateCanonical, position: bracket.matePosition, side: bracket.mateKeptSide, interval: record.info.ciend,
                line: record.line, spelling: bracket.mateChromosome)
        else {
            builder.statistics.liftoverFailures += 1
            return
        }
        builder.addEvent(
            recordIDs: [record.id], svType: StructuralVariantType.inferred(a, b), first: a, second: b, junctions: [(a, b)], line: record.line,
            filter: record.filter, support: record.support, event: record.info.event)
    }

    /// A record whose named mate cannot be used: a warning saying why (English and Japanese), and the record kept as a
    /// single breakend.
    private func keepSingle(
        _ record: Record, side: KeptSide?, mate: String, mateLine: Int?, reason: (english: String, japanese: String), into builder: inout CallSetBuilder
    ) {
        let line = mateLine.map { " (line \($0))" } ?? "", lineJapanese = mateLine.map { "（\($0)行目）" } ?? ""
        builder.warnings.append(
            InputWarning(
                file: path, line: record.line, "breakend \(record.id) names mate \(mate)\(line), which \(reason.english); kept as a single breakend",
                japanese: "ブレークエンド\(record.id)はメイト\(mate)\(lineJapanese)を指定していますが、そのメイトは\(reason.japanese)。単一ブレークエンドとして扱いました"))
        addSingle(record, side: side, note: "mate \(mate) \(reason.english)", into: &builder)
    }

    private func addSingle(_ record: Record, side: KeptSide?, note: String, into builder: inout CallSetBuilder) {
        guard let b = builder.breakend(id: record.id, chromosome: record.canonical!, position: record.pos, side: side, interval: record.info.cipos, line: record.line, spelling: record.chrom)
        else {
            builder.statistics.liftoverFailures += 1
            return
        }
        builder.addSingleBreakend(b, line: record.line, filter: record.filter, support: record.support, note: note)
    }

    /// Kept sides from DELLY `CT` or a LUMPY/Sniffles `STRANDS` orientation: 3to5 = `+-` = (L, R), and so on.
    static func sides(connection: String?, strands: [String]) -> [(KeptSide, KeptSide)] {
        func side(_ c: Character) -> KeptSide? { c == "3" || c == "+" ? .left : c == "5" || c == "-" ? .right : nil }
        if let ct = connection, ct.count == 4, let a = side(ct.first!), let b = side(ct.last!) { return [(a, b)] }
        return strands.compactMap { s in
            guard s.count == 2, let a = side(s.first!), let b = side(s.last!) else { return nil }
            return (a, b)
        }
    }

    private func addSymbolic(_ record: Record, name: String, into builder: inout CallSetBuilder) throws {
        let base = String(name.prefix { $0 != ":" })
        let chrom = record.canonical!
        let info = record.info
        func end() throws -> Int {
            if let end = info.end, end >= record.pos { return end }
            if let length = info.svLength { return record.pos + abs(length) }
            if let end = info.end {
                throw InputError(
                    file: path, line: record.line,
                    "<\(name)> has END=\(end) before POS=\(record.pos) and no SVLEN; fix END (the last base of the variant) or add SVLEN")
            }
            throw InputError(file: path, line: record.line, "<\(name)> has neither INFO END nor SVLEN, so its extent is unknown; add END=… or SVLEN=…")
        }
        func lift(_ position: Int, _ side: KeptSide?, _ ci: ClosedRange<Int>?, chromosome: String? = nil) -> Breakend? {
            builder.breakend(id: record.id, chromosome: chromosome ?? chrom, position: position, side: side, interval: ci, line: record.line, spelling: record.chrom)
        }
        switch base {
        case "DEL", "DUP", "INV":
            if let chr2 = info.chr2, Chromosome.canonical(chr2) != chrom {
                try addTranslocation(record, name: name, reciprocal: false, into: &builder)
                return
            }
            let e = try end()
            var pairs: [(Breakend, Breakend)] = []
            var failed = false
            let type: StructuralVariantType = base == "DEL" ? .deletion : base == "DUP" ? .duplication : .inversion
            var junctionSpecs: [(Int, KeptSide, ClosedRange<Int>?, Int, KeptSide, ClosedRange<Int>?)] = []
            switch type {
            case .deletion: junctionSpecs = [(record.pos, .left, info.cipos, e + 1, .right, info.ciend)]
            case .duplication: junctionSpecs = [(record.pos + 1, .right, info.cipos, e, .left, info.ciend)]
            default:
                let a = (record.pos, KeptSide.left, info.cipos, e, KeptSide.left, info.ciend)
                let b = (record.pos + 1, KeptSide.right, info.cipos, e + 1, KeptSide.right, info.ciend)
                let named = Self.sides(connection: info.connection, strands: info.strands)
                let hasLeft = named.contains { $0 == (.left, .left) }, hasRight = named.contains { $0 == (.right, .right) }
                junctionSpecs = named.isEmpty || (!hasLeft && !hasRight) ? [a, b] : (hasLeft ? [a] : []) + (hasRight ? [b] : [])
            }
            for spec in junctionSpecs {
                guard let x = lift(spec.0, spec.1, spec.2), let y = lift(spec.3, spec.4, spec.5) else {
                    failed = true
                    break
                }
                pairs.append((x, y))
            }
            guard !failed, let first = pairs.first else {
                builder.statistics.liftoverFailures += 1
                return
            }
            builder.addEvent(
                recordIDs: [record.id], svType: type, first: first.0, second: first.1, junctions: pairs,
                line: record.line, filter: record.filter, support: record.support, event: info.event ?? (pairs.count > 1 ? record.id : nil))
        case "TRA", "BND":
            try addTranslocation(record, name: name, reciprocal: false, into: &builder)
        case "CTX":
            try addTranslocation(record, name: name, reciprocal: true, into: &builder)
        default:
            // Insertions, copy-number, complex and unknown records: an event without a junction.
            guard let b = lift(record.pos, nil, info.cipos) else {
                builder.statistics.liftoverFailures += 1
                return
            }
            let type: StructuralVariantType = base == "INS" ? .insertion : .other
            let note = base == "INS" ? "insertion (<\(name)>): no junction between two loci, no fusion" : "<\(name)>: no junction FusionBoard can place"
            builder.addEvent(
                recordIDs: [record.id], svType: type, first: b, second: nil, junctions: [], line: record.line, filter: record.filter,
                support: record.support, event: info.event, note: note)
        }
    }

    /// `<TRA>`, `<BND>` (one junction) and `<CTX>` (reciprocal: two) with the partner in CHR2 + POS2 or END.
    private func addTranslocation(_ record: Record, name: String, reciprocal: Bool, into builder: inout CallSetBuilder) throws {
        let info = record.info
        guard let chr2 = info.chr2, let pos2 = info.pos2 ?? info.end else {
            throw InputError(
                file: path, line: record.line,
                "<\(name)> names no mate: it needs INFO CHR2 and POS2 (or END) for the partner position; add them or write the call as a BND pair")
        }
        guard pos2 >= 0 else {
            throw InputError(file: path, line: record.line, "<\(name)> partner position \(pos2) is negative; POS2/END must be a position on CHR2")
        }
        guard let chrom2 = Chromosome.canonical(chr2) else {
            builder.warnings.append(
                InputWarning(
                    file: path, line: record.line, "\(record.id) joins the non-primary contig \(chr2); kept as a single breakend",
                    japanese: "\(record.id)は主要染色体以外のコンティグ\(chr2)と連結しています。単一ブレークエンドとして扱いました"))
            addSingle(record, side: nil, note: "mate on the skipped contig \(chr2)", into: &builder)
            return
        }
        let sides = Self.sides(connection: info.connection, strands: info.strands)
        var pairs: [(Breakend, Breakend)] = []
        let specs: [(KeptSide?, KeptSide?, Int)]
        if reciprocal {
            // Both derivative chromosomes: this side's left piece joins one side of the partner, its right piece the other.
            specs = sides.isEmpty ? [(.left, nil, record.pos), (.right, nil, record.pos + 1)] : sides.map { ($0.0, $0.1, record.pos) }
        } else {
            specs = sides.isEmpty ? [(nil, nil, record.pos)] : [(sides[0].0, sides[0].1, record.pos)]
        }
        for (sideA, sideB, position) in specs {
            guard
                let a = builder.breakend(id: record.id, chromosome: record.canonical!, position: position, side: sideA, interval: info.cipos, line: record.line, spelling: record.chrom),
                let b = builder.breakend(id: record.id, chromosome: chrom2, position: pos2, side: sideB, interval: info.ciend, line: record.line, spelling: chr2)
            else {
                builder.statistics.liftoverFailures += 1
                return
            }
            pairs.append((a, b))
        }
        let type: StructuralVariantType = chrom2 == record.canonical! ? (pairs[0].0.keptSide == nil ? .breakend : StructuralVariantType.inferred(pairs[0].0, pairs[0].1)) : .translocation
        builder.addEvent(
            recordIDs: [record.id], svType: type, first: pairs[0].0, second: pairs[0].1, junctions: pairs, line: record.line, filter: record.filter,
            support: record.support, event: info.event ?? (pairs.count > 1 ? record.id : nil))
    }

    /// Sequence-resolved alleles: a deletion (REF longer by ≥ 50, or SVTYPE=DEL) is a junction, an insertion an event without one.
    private func addSequence(_ record: Record, altLength: Int, into builder: inout CallSetBuilder) {
        let change = altLength - record.refLength
        let declared = record.info.svType?.uppercased()
        let structural = declared != nil || abs(change) >= 50
        guard structural, change != 0 else {
            builder.statistics.notStructural += 1
            return
        }
        if change < 0 {
            // REF = padding base(s) + deleted bases; ALT = the padding. The deletion removes POS+ALT…POS+REF−1.
            guard
                let a = builder.breakend(id: record.id, chromosome: record.canonical!, position: record.pos + altLength - 1, side: .left, interval: record.info.cipos, line: record.line, spelling: record.chrom),
                let b = builder.breakend(id: record.id, chromosome: record.canonical!, position: record.pos + record.refLength, side: .right, interval: record.info.ciend, line: record.line, spelling: record.chrom)
            else {
                builder.statistics.liftoverFailures += 1
                return
            }
            builder.addEvent(
                recordIDs: [record.id], svType: .deletion, first: a, second: b, junctions: [(a, b)], line: record.line, filter: record.filter,
                support: record.support, event: record.info.event)
        } else {
            guard let b = builder.breakend(id: record.id, chromosome: record.canonical!, position: record.pos, side: nil, interval: record.info.cipos, line: record.line, spelling: record.chrom)
            else {
                builder.statistics.liftoverFailures += 1
                return
            }
            builder.addEvent(
                recordIDs: [record.id], svType: .insertion, first: b, second: nil, junctions: [], line: record.line, filter: record.filter,
                support: record.support, event: record.info.event, note: "insertion of \(change) bases: no junction between two loci, no fusion")
        }
    }

    // MARK: - Field parsing

    /// Reads the INFO keys FusionBoard uses.
    /// Reads the INFO keys FusionBoard uses and, in the same pass, support: DELLY/LUMPY `PE`/`SR`, GRIDSS
    /// `RP`/`SR`, allele fraction from PURPLE `PURPLE_AF`, else GRIDSS `BPI_AF`, else `AF` (Sniffles).
    static func parseInfo(_ field: Slice<UnsafeBufferPointer<UInt8>>, support: inout CallerSupport) throws(VCFSyntaxError) -> Info {
        var info = Info()
        if field.count == 1 && field.first == UInt8(ascii: ".") { return info }
        var afPriority = 0
        var start = field.startIndex
        var i = field.startIndex
        while i <= field.endIndex {
            if i == field.endIndex || field[i] == Bytes.semicolon {
                let entry = field[start..<i]
                if let eq = entry.firstIndex(of: Bytes.equals) {
                    let key = entry[entry.startIndex..<eq], value = entry[(eq + 1)..<entry.endIndex]
                    switch key.count {
                    case 2:
                        if Bytes.equals(key, "CT") { info.connection = Bytes.string(value) }
                        else if Bytes.equals(key, "SR") {
                            support.splitReads = try InputLimits.count(value.prefix { $0 != Bytes.comma }, "INFO SR") ?? support.splitReads
                        } else if Bytes.equals(key, "PE") || Bytes.equals(key, "RP") {
                            support.spanningPairs = try InputLimits.count(value.prefix { $0 != Bytes.comma }, "INFO \(Bytes.string(key))") ?? support.spanningPairs
                        } else if Bytes.equals(key, "AF"), let af = try InputLimits.fraction(value.prefix { $0 != Bytes.comma }, "INFO AF"), afPriority < 1 {
                            support.alleleFraction = af
                            afPriority = 1
                        }
                    case 3:
                        if Bytes.equals(key, "END") { info.end = try position(value, "END") }
                    case 4:
                        if Bytes.equals(key, "CHR2") { info.chr2 = Bytes.string(value) }
                        else if Bytes.equals(key, "POS2") { info.pos2 = try position(value, "POS2") }
                    case 5:
                        if Bytes.equals(key, "SVLEN") { info.svLength = try length(value.prefix { $0 != Bytes.comma }, "SVLEN") }
                        else if Bytes.equals(key, "CIPOS") { info.cipos = try interval(value, "CIPOS") }
                        else if Bytes.equals(key, "CIEND") { info.ciend = try interval(value, "CIEND") }
                        else if Bytes.equals(key, "PARID") { info.partnerID = Bytes.string(value) }
                        else if Bytes.equals(key, "EVENT") { info.event = Bytes.string(value) }
                    case 6:
                        if Bytes.equals(key, "SVTYPE") { info.svType = Bytes.string(value) }
                        else if Bytes.equals(key, "MATEID") { info.mateIDs = value.isEmpty ? nil : Bytes.string(value) }
                        else if Bytes.equals(key, "BPI_AF"), let af = try InputLimits.fraction(value.prefix { $0 != Bytes.comma }, "INFO BPI_AF"), afPriority < 2 {
                            support.alleleFraction = af
                            afPriority = 2
                        }
                    case 7:
                        if Bytes.equals(key, "STRANDS") {
                            info.strands = Bytes.string(value).split(separator: ",").map { String($0.prefix(2)) }
                        }
                    case 9:
                        // PURPLE's purity-adjusted fraction may exceed 1 a little; it is capped at 1.
                        if Bytes.equals(key, "PURPLE_AF"), let af = try InputLimits.fraction(value.prefix { $0 != Bytes.comma }, "INFO PURPLE_AF", capAboveOne: true) {
                            support.alleleFraction = af
                            afPriority = 3
                        }
                    default: break
                    }
                } else if entry.count == 4 && info.connection == nil {
                    // Manta's flags on <INV> (convertInversion.py) and inversion BNDs: INV3 = t]p] (3to3), INV5 = [p[t (5to5).
                    if Bytes.equals(entry, "INV3") { info.connection = "3to3" } else if Bytes.equals(entry, "INV5") { info.connection = "5to5" }
                }
                start = i + 1
            }
            i += 1
        }
        return info
    }

    static func number(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ key: String) throws(VCFSyntaxError) -> Int? {
        if bytes.count == 1 && bytes.first == UInt8(ascii: ".") { return nil }
        guard let value = Bytes.int(bytes) else {
            throw VCFSyntaxError("INFO \(key)='\(Bytes.string(bytes.prefix(40)))' is not a whole number; fix or remove it")
        }
        return value
    }

    /// A position (END, POS2): 0…``InputLimits/maximumPosition``; nil for `.`.
    static func position(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ key: String) throws(VCFSyntaxError) -> Int? {
        guard let value = try number(bytes, key) else { return nil }
        if let problem = InputLimits.positionProblem(value, text: String(value), what: "INFO \(key)") { throw VCFSyntaxError(problem) }
        return value
    }

    /// SVLEN: a length change no longer than any chromosome, either sign; nil for `.`.
    static func length(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ key: String) throws(VCFSyntaxError) -> Int? {
        guard let value = try number(bytes, key) else { return nil }
        guard value.magnitude <= UInt(InputLimits.maximumPosition) else {
            throw VCFSyntaxError("INFO \(key)=\(value) is longer than any chromosome; fix the length")
        }
        return value
    }

    /// CIPOS/CIEND: two whole numbers `low,high` with low ≤ high (further values ignored); nil for `.`. Intervals
    /// reaching far (over 1 Mb) or before position 1 are capped later, with a warning (``CallSetBuilder``).
    static func interval<C: Collection>(_ bytes: C, _ key: String) throws(VCFSyntaxError) -> ClosedRange<Int>? where C.Element == UInt8 {
        if bytes.count == 1 && bytes.first == UInt8(ascii: ".") { return nil }
        guard let comma = bytes.firstIndex(of: Bytes.comma), let low = Bytes.int(bytes[bytes.startIndex..<comma]),
            let high = Bytes.int(bytes[bytes.index(after: comma)...].prefix { $0 != Bytes.comma })
        else {
            throw VCFSyntaxError("INFO \(key)='\(Bytes.string(bytes.prefix(40)))' is not two whole numbers low,high; write e.g. \(key)=-10,10 or remove it")
        }
        guard low <= high else {
            throw VCFSyntaxError("INFO \(key)=\(low),\(high) is reversed: the lower bound comes first (\(key)=\(high),\(low))")
        }
        return low...high
    }

    static func headerValue(_ line: String, _ key: String) -> String? {
        guard let range = line.range(of: key + "=") else { return nil }
        let rest = line[range.upperBound...]
        return String(rest.prefix { $0 != "," && $0 != ">" })
    }

    /// The sample name without alignment-file suffixes (`COLO829T.sorted.bam` → `COLO829T`).
    static func sampleName(_ column: String) -> String {
        let lower = column.lowercased()
        guard lower.hasSuffix(".bam") || lower.hasSuffix(".cram") || lower.hasSuffix(".sam") else { return column }
        let file = column.split(separator: "/").last.map(String.init) ?? column
        return String(file.prefix { $0 != "." })
    }

    /// The tumour column: `--tumor-sample`, else one named TUMOR/TUMOUR, else the one sample whose name ends
    /// in T where the others end in N/R (normal/reference), else the last.
    static func chooseTumorColumn(_ samples: [String], requested: String?) -> Int? {
        if let requested {
            return samples.firstIndex(of: requested) ?? samples.firstIndex { sampleName($0) == requested }
        }
        guard !samples.isEmpty else { return nil }
        if let named = samples.firstIndex(where: { ["TUMOR", "TUMOUR"].contains($0.uppercased()) }) { return named }
        let stems = samples.map { name -> String in
            let base = sampleName(name)
            return String(base.prefix { $0 != "_" && $0 != "." }).uppercased()
        }
        let tumourLike = stems.indices.filter { stems[$0].hasSuffix("T") || stems[$0].hasSuffix("TUMOR") || stems[$0].hasSuffix("TUMOUR") }
        if samples.count > 1 && tumourLike.count == 1 { return tumourLike[0] }
        return samples.count - 1
    }

    /// FORMAT support of the tumour column: Manta `PR`/`SR` (ref,alt), GRIDSS `SR`/`RP` (one count each), DELLY
    /// `DV`/`RV` (alt pairs/junction reads, with `DR`/`RR` as ref), SvABA `SR`/`DR` (alt split/discordant), and `AF`.
    /// Counts are whole numbers 0…2^31−1 or `.`; anything else throws, naming the key and the sample.
    static func readFormatSupport(
        format: Slice<UnsafeBufferPointer<UInt8>>, sample: Slice<UnsafeBufferPointer<UInt8>>, sampleName: String, into support: inout CallerSupport
    ) throws(VCFSyntaxError) {
        func what(_ key: Slice<UnsafeBufferPointer<UInt8>>) -> String { "FORMAT \(Bytes.string(key)) of sample \(sampleName)" }
        /// `ref,alt`; nil for `.` or when either is `.` (unknown).
        func pair(_ v: Slice<UnsafeBufferPointer<UInt8>>, _ key: Slice<UnsafeBufferPointer<UInt8>>) throws(VCFSyntaxError) -> (Int, Int)? {
            if v.isEmpty || (v.count == 1 && v.first == UInt8(ascii: ".")) { return nil }
            guard let comma = v.firstIndex(of: Bytes.comma) else {
                throw VCFSyntaxError("\(what(key)) '\(Bytes.string(v.prefix(40)))' is not two read counts ref,alt")
            }
            let ref = try InputLimits.count(v[v.startIndex..<comma], "\(what(key)) (reference count)")
            let alt = try InputLimits.count(v[(comma + 1)...], "\(what(key)) (alternate count)")
            guard let ref, let alt else { return nil }
            return (ref, alt)
        }
        var pr: (Int, Int)?, sr: (Int, Int)?
        var dv: Int?, rv: Int?, dr: Int?, rr: Int?, srOne: Int?, rp: Int?
        var af: Double?
        // Walk the FORMAT keys and the sample's values side by side, without collecting them.
        var k = format.startIndex, v = sample.startIndex
        while k < format.endIndex && v <= sample.endIndex {
            let keyEnd = format[k...].firstIndex(of: Bytes.colon) ?? format.endIndex
            let valueEnd = sample[v...].firstIndex(of: Bytes.colon) ?? sample.endIndex
            let key = format[k..<keyEnd], value = sample[v..<valueEnd]
            if key.count == 2 {
                if Bytes.equals(key, "PR") { pr = try pair(value, key) }
                else if Bytes.equals(key, "SR") {
                    if value.contains(Bytes.comma) { sr = try pair(value, key) } else { srOne = try InputLimits.count(value, what(key)) }
                }
                else if Bytes.equals(key, "DV") { dv = try InputLimits.count(value, what(key)) }
                else if Bytes.equals(key, "RV") { rv = try InputLimits.count(value, what(key)) }
                else if Bytes.equals(key, "DR") { dr = try InputLimits.count(value, what(key)) }
                else if Bytes.equals(key, "RR") { rr = try InputLimits.count(value, what(key)) }
                else if Bytes.equals(key, "RP") { rp = try InputLimits.count(value, what(key)) }
                else if Bytes.equals(key, "AF") { af = try InputLimits.fraction(value.prefix { $0 != Bytes.comma }, what(key)) }
            }
            k = keyEnd == format.endIndex ? keyEnd : keyEnd + 1
            if valueEnd == sample.endIndex { break }
            v = valueEnd + 1
        }
        if pr != nil || sr != nil {  // Manta
            if let pr { support.spanningPairs = pr.1 }
            if let sr { support.splitReads = sr.1 }
            let ref = (pr?.0 ?? 0) + (sr?.0 ?? 0), alt = (pr?.1 ?? 0) + (sr?.1 ?? 0)
            if ref + alt > 0 { support.alleleFraction = Double(alt) / Double(ref + alt) }
        } else if dv != nil || rv != nil {  // DELLY: DR/RR are reference counts
            if let dv { support.spanningPairs = dv }
            if let rv { support.splitReads = rv }
            let ref = (dr ?? 0) + (rr ?? 0), alt = (dv ?? 0) + (rv ?? 0)
            if ref + alt > 0 { support.alleleFraction = Double(alt) / Double(ref + alt) }
        } else {  // GRIDSS SR/RP, SvABA SR/DR
            if let srOne { support.splitReads = srOne }
            if let rp { support.spanningPairs = rp } else if let dr { support.spanningPairs = dr }
        }
        if let af { support.alleleFraction = af }
    }

    static func merge(_ a: inout CallerSupport, _ b: CallerSupport) {
        a.splitReads = a.splitReads ?? b.splitReads
        a.spanningPairs = a.spanningPairs ?? b.spanningPairs
        a.alleleFraction = a.alleleFraction ?? b.alleleFraction
        a.quality = a.quality ?? b.quality
    }
}

/// A syntax problem inside one field, turned into an ``InputError`` with the file and line by the caller.
struct VCFSyntaxError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
