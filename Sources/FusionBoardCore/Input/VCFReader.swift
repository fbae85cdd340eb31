import Foundation

/// Reads structural-variant VCF 4.2–4.4: BND pairs (MATEID), single breakends, symbolic
/// `<DEL> <DUP> <INV> <INS>`, plain or gzip/BGZF.
///
/// Bytes are parsed in place; only kept fields become `String`s.
struct VCFReader {
    let path: String
    let options: InputOptions

    /// One parsed data line before pairing.
    private struct Record {
        var line: Int
        var chrom: String  // as written
        var canonical: String?  // nil = alt/decoy/unknown contig
        var pos: Int
        var id: String
        var alt: String
        var filter: String
        var info: [String: String]
        var support: CallerSupport
    }

    /// A bracketed ALT decoded: the kept side of this record, the mate position and the mate's kept side.
    struct BracketAllele: Equatable {
        var keptSide: KeptSide
        var mateChromosome: String
        var matePosition: Int
        var mateKeptSide: KeptSide
    }

    /// Decodes `t[p[`, `t]p]`, `]p]t`, `[p[t`; returns nil when the ALT has no bracket.
    /// Throws a message when brackets are present but malformed.
    static func decodeBracket(_ alt: String) throws(VCFSyntaxError) -> BracketAllele? {
        guard let first = alt.firstIndex(where: { $0 == "[" || $0 == "]" }) else { return nil }
        let bracket = alt[first]
        guard let second = alt[alt.index(after: first)...].firstIndex(of: bracket) else {
            throw VCFSyntaxError("ALT '\(alt)' opens a '\(bracket)' bracket it never closes; expected t[p[, t]p], ]p]t or [p[t")
        }
        let mate = alt[alt.index(after: first)..<second]
        guard let colon = mate.lastIndex(of: ":"), let matePos = Int(mate[mate.index(after: colon)...]), matePos > 0 else {
            throw VCFSyntaxError("ALT '\(alt)' has no valid mate position 'chr:pos' inside its brackets")
        }
        let before = alt[..<first]
        let after = alt[alt.index(after: second)...]
        let keptSide: KeptSide
        if !before.isEmpty && after.isEmpty {
            keptSide = .left
        } else if before.isEmpty && !after.isEmpty {
            keptSide = .right
        } else {
            throw VCFSyntaxError("ALT '\(alt)' must have the reference base on exactly one side of the brackets")
        }
        return BracketAllele(
            keptSide: keptSide, mateChromosome: String(mate[..<colon]), matePosition: matePos,
            mateKeptSide: bracket == "[" ? .right : .left)
    }

    func read() throws -> CallSet {
        var samples: [String] = []
        var headerBuild: GenomeBuild?
        var contigChr1Length: Int?
        var referenceLine: String?
        var sawFileFormat = false
        var sawColumnHeader = false
        var records: [Record] = []
        var statistics = InputStatistics()
        var warnings: [String] = []
        var tumorColumn: Int?
        var fields: [Slice<UnsafeBufferPointer<UInt8>>] = []
        fields.reserveCapacity(16)

        try LineReader(path: path).forEachLine { line, number in
            if line.isEmpty { return }
            if line[0] == Bytes.hash {
                if Bytes.hasPrefix(line, "##fileformat=VCF") { sawFileFormat = true }
                if Bytes.hasPrefix(line, "##reference=") {
                    referenceLine = Bytes.string(line.dropFirst(12))
                } else if Bytes.hasPrefix(line, "##contig=<") {
                    let text = Bytes.string(line)
                    if let id = Self.headerValue(text, "ID"), Chromosome.canonical(id) == "1",
                        let length = Self.headerValue(text, "length").flatMap(Int.init)
                    {
                        contigChr1Length = length
                    }
                } else if Bytes.hasPrefix(line, "#CHROM") {
                    sawColumnHeader = true
                    let columns = Bytes.string(line).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    if columns.count < 8 {
                        throw InputError(
                            file: path, line: number, "the #CHROM header has \(columns.count) columns; a VCF needs at least 8, tab-separated")
                    }
                    if columns.count > 9 { samples = Array(columns[9...]) }
                    tumorColumn = Self.chooseTumorColumn(samples, requested: options.tumorSample)
                    if let requested = options.tumorSample, tumorColumn == nil {
                        throw InputError(
                            file: path, line: number,
                            "--tumor-sample '\(requested)' is not among the samples (\(samples.joined(separator: ", ")))")
                    }
                }
                return
            }
            guard sawFileFormat || sawColumnHeader else {
                throw InputError(
                    file: path, line: number,
                    "not a VCF: data before any '##fileformat=VCF' or '#CHROM' header line; check the file or pass --format")
            }
            guard sawColumnHeader else {
                throw InputError(file: path, line: number, "VCF data line before the '#CHROM' header line")
            }
            statistics.recordsRead += 1
            Bytes.split(line, on: Bytes.tab, into: &fields)
            guard fields.count >= 8 else {
                throw InputError(
                    file: path, line: number,
                    "expected at least 8 tab-separated columns (CHROM POS ID REF ALT QUAL FILTER INFO), found \(fields.count)")
            }
            guard let pos = Bytes.int(fields[1]), pos >= 0 else {
                throw InputError(file: path, line: number, "POS '\(Bytes.string(fields[1]))' is not a position; expected a whole number ≥ 0")
            }
            let chrom = Bytes.string(fields[0])
            var id = Bytes.string(fields[2])
            if id == "." { id = "\(URL(fileURLWithPath: path).lastPathComponent):\(number)" }
            let filter = Bytes.string(fields[6])
            var info: [String: String] = [:]
            var start = fields[7].startIndex
            let infoField = fields[7]
            if !(infoField.count == 1 && infoField.first == UInt8(ascii: ".")) {
                var i = infoField.startIndex
                while i <= infoField.endIndex {
                    if i == infoField.endIndex || infoField[i] == Bytes.semicolon {
                        let entry = infoField[start..<i]
                        if !entry.isEmpty {
                            if let eq = entry.firstIndex(of: Bytes.equals) {
                                info[Bytes.string(entry[entry.startIndex..<eq])] = Bytes.string(entry[(eq + 1)..<entry.endIndex])
                            } else {
                                info[Bytes.string(entry)] = ""
                            }
                        }
                        start = i + 1
                    }
                    i += 1
                }
            }
            var support = CallerSupport()
            let qualField = fields[5]
            if !(qualField.count == 1 && qualField.first == UInt8(ascii: ".")) {
                support.quality = Double(Bytes.string(qualField))
            }
            if let sr = info["SR"].flatMap({ Int($0) }) { support.splitReads = sr }
            if let pe = info["PE"].flatMap({ Int($0) }) { support.spanningPairs = pe }
            if let af = info["PURPLE_AF"]?.split(separator: ",").first.flatMap({ Double($0) }) { support.alleleFraction = af }
            if let column = tumorColumn, fields.count > 9 + column {
                Self.readFormatSupport(format: fields[8], sample: fields[9 + column], into: &support)
            }
            records.append(
                Record(
                    line: number, chrom: chrom, canonical: Chromosome.canonical(chrom), pos: pos, id: id,
                    alt: Bytes.string(fields[4]), filter: filter, info: info, support: support))
        }

        guard sawColumnHeader || sawFileFormat else {
            throw InputError(file: path, line: nil, "the file is empty or has no VCF header; expected '##fileformat=VCF…' and '#CHROM'")
        }

        // Build: command line, else header, else GRCh38.
        if let length = contigChr1Length {
            headerBuild = GenomeBuild.allCases.first { $0.chromosome1Length == length }
        }
        if headerBuild == nil, let reference = referenceLine?.lowercased() {
            if reference.contains("38") { headerBuild = .grch38 } else if reference.contains("37") || reference.contains("19") { headerBuild = .grch37 }
        }
        let build: GenomeBuild
        let evidence: BuildEvidence
        if let asserted = options.build {
            build = asserted
            evidence = .commandLine
            if let headerBuild, headerBuild != asserted {
                warnings.append("\(path): --build \(asserted) contradicts the file header, which looks like \(headerBuild) (chr1 length \(contigChr1Length.map(String.init) ?? "?")); using \(asserted) as asked")
            }
        } else if let headerBuild {
            build = headerBuild
            evidence = .header
        } else {
            build = .grch38
            evidence = .defaulted
        }
        let mapper = try CoordinateMapper(build: build, liftover: options.liftover, file: path)

        // Turn records into junctions.
        var junctions: [Junction] = []
        var singles: [Breakend] = []
        var pendingMates: [String: (Record, BracketAllele)] = [:]
        var pairedIDs: Set<String> = []
        let sample = tumorColumn.map { samples[$0] }

        func breakend(_ id: String, _ canonical: String, _ position: Int, _ side: KeptSide?, ci: String?, line: Int) -> Breakend? {
            let input = GenomicPosition(chromosome: canonical, position: position)
            guard let mapped = mapper.map(input, side) else {
                statistics.liftoverFailures += 1
                warnings.append("\(path):\(line): \(id) at \(canonical):\(position) could not be lifted from \(build) to GRCh38; skipped")
                return nil
            }
            return Breakend(
                id: id, position: mapped.position, inputPosition: input, keptSide: mapped.side,
                confidenceInterval: ci.flatMap(Self.interval))
        }

        for record in records {
            let passes = record.filter == "PASS" || record.filter == "."
            if !passes && !options.includeFiltered {
                statistics.filteredOut += 1
                continue
            }
            guard let canonical = record.canonical else {
                statistics.skippedContigs += 1
                continue
            }
            let alt = record.alt
            let bracket: BracketAllele?
            do { bracket = try Self.decodeBracket(alt) } catch {
                throw InputError(file: path, line: record.line, error.message)
            }
            if let bracket {
                guard let mateCanonical = Chromosome.canonical(bracket.mateChromosome) else {
                    statistics.skippedContigs += 1
                    continue
                }
                if let mateID = record.info["MATEID"], !mateID.isEmpty {
                    if let (mate, mateBracket) = pendingMates.removeValue(forKey: mateID) {
                        guard let a = breakend(mate.id, mate.canonical!, mate.pos, mateBracket.keptSide, ci: mate.info["CIPOS"], line: mate.line),
                            let b = breakend(record.id, canonical, record.pos, bracket.keptSide, ci: record.info["CIPOS"], line: record.line)
                        else { continue }
                        pairedIDs.insert(mate.id)
                        pairedIDs.insert(record.id)
                        var support = mate.support
                        Self.merge(&support, record.support)
                        junctions.append(
                            Junction(
                                recordIDs: [mate.id, record.id], first: a, second: b,
                                svType: Self.svType(mate.info["SVTYPE"], a, b), support: support,
                                event: mate.info["EVENT"] ?? record.info["EVENT"], line: mate.line, filter: mate.filter))
                    } else {
                        pendingMates[record.id] = (record, bracket)
                    }
                } else {
                    // One-record dialect: the ALT names the mate; keep one copy of mirrored pairs.
                    let key = [
                        "\(canonical):\(record.pos):\(bracket.keptSide)",
                        "\(mateCanonical):\(bracket.matePosition):\(bracket.mateKeptSide)",
                    ].sorted().joined(separator: "|")
                    if pairedIDs.contains(key) { continue }
                    pairedIDs.insert(key)
                    guard let a = breakend(record.id, canonical, record.pos, bracket.keptSide, ci: record.info["CIPOS"], line: record.line),
                        let b = breakend(record.id, mateCanonical, bracket.matePosition, bracket.mateKeptSide, ci: record.info["CIEND"], line: record.line)
                    else { continue }
                    junctions.append(
                        Junction(
                            recordIDs: [record.id], first: a, second: b, svType: Self.svType(record.info["SVTYPE"], a, b),
                            support: record.support, event: record.info["EVENT"], line: record.line, filter: record.filter))
                }
                continue
            }
            // Single breakends: `G.` keeps left, `.A` keeps right.
            if alt.count >= 2 && (alt.hasSuffix(".") || alt.hasPrefix(".")) && !alt.contains("<") {
                let side: KeptSide = alt.hasSuffix(".") ? .left : .right
                if let b = breakend(record.id, canonical, record.pos, side, ci: record.info["CIPOS"], line: record.line) {
                    singles.append(b)
                    statistics.singleBreakends += 1
                }
                continue
            }
            if alt.hasPrefix("<") {
                let symbol = alt.dropFirst().prefix { $0 != ">" && $0 != ":" }.uppercased()
                let end = try Self.endPosition(record, path: path)
                let ci = record.info["CIPOS"], ciEnd = record.info["CIEND"]
                switch symbol {
                case "DEL":
                    guard let end,
                        let a = breakend(record.id, canonical, record.pos, .left, ci: ci, line: record.line),
                        let b = breakend(record.id, canonical, end + 1, .right, ci: ciEnd, line: record.line)
                    else { continue }
                    junctions.append(
                        Junction(recordIDs: [record.id], first: a, second: b, svType: .deletion, support: record.support,
                            event: record.info["EVENT"], line: record.line, filter: record.filter))
                case "DUP":
                    guard let end,
                        let a = breakend(record.id, canonical, record.pos + 1, .right, ci: ci, line: record.line),
                        let b = breakend(record.id, canonical, end, .left, ci: ciEnd, line: record.line)
                    else { continue }
                    junctions.append(
                        Junction(recordIDs: [record.id], first: a, second: b, svType: .duplication, support: record.support,
                            event: record.info["EVENT"], line: record.line, filter: record.filter))
                case "INV":
                    guard let end else { continue }
                    for (p1, p2, side) in [(record.pos, end, KeptSide.left), (record.pos + 1, end + 1, KeptSide.right)] {
                        guard let a = breakend(record.id, canonical, p1, side, ci: ci, line: record.line),
                            let b = breakend(record.id, canonical, p2, side, ci: ciEnd, line: record.line)
                        else { continue }
                        junctions.append(
                            Junction(recordIDs: [record.id], first: a, second: b, svType: .inversion, support: record.support,
                                event: record.info["EVENT"] ?? record.id, line: record.line, filter: record.filter))
                    }
                default:
                    statistics.withoutJunction += 1
                }
                continue
            }
            // Sequence-resolved or unrecognised alleles imply no junction we can place.
            let allowed = alt.utf8.allSatisfy { "ACGTNacgtn,*".utf8.contains($0) }
            guard allowed else {
                throw InputError(
                    file: path, line: record.line,
                    "ALT '\(alt.prefix(60))' is neither a base sequence, a symbolic <…> allele, nor a breakend (t[p[, ]p]t, t., .t)")
            }
            statistics.withoutJunction += 1
        }
        for (id, (record, bracket)) in pendingMates.sorted(by: { $0.value.0.line < $1.value.0.line }) {
            warnings.append("\(path):\(record.line): breakend \(id) names mate \(record.info["MATEID"] ?? "?"), which is not in the file (filtered out or on a skipped contig); kept as a single breakend")
            if let b = breakend(id, record.canonical!, record.pos, bracket.keptSide, ci: record.info["CIPOS"], line: record.line) {
                singles.append(b)
                statistics.singleBreakends += 1
            }
        }
        statistics.junctions = junctions.count
        return CallSet(
            file: path, format: .vcf, sample: sample, build: build, buildEvidence: evidence, junctions: junctions,
            singleBreakends: singles, statistics: statistics, warnings: warnings, sha256: try FileDigest.sha256(path: path))
    }

    // MARK: - Helpers

    static func headerValue(_ line: String, _ key: String) -> String? {
        guard let range = line.range(of: key + "=") else { return nil }
        let rest = line[range.upperBound...]
        return String(rest.prefix { $0 != "," && $0 != ">" })
    }

    static func chooseTumorColumn(_ samples: [String], requested: String?) -> Int? {
        if let requested { return samples.firstIndex(of: requested) }
        guard !samples.isEmpty else { return nil }
        if let named = samples.firstIndex(where: { ["TUMOR", "TUMOUR"].contains($0.uppercased()) }) { return named }
        if samples.count > 1, let suffixed = samples.firstIndex(where: { $0.hasSuffix("T") || $0.uppercased().hasSuffix("_TUMOR") }) {
            return suffixed
        }
        return samples.count - 1
    }

    /// Reads Manta `PR`/`SR` (ref,alt), DELLY `DV`/`RV`, and `AF` from the tumour column.
    static func readFormatSupport(format: Slice<UnsafeBufferPointer<UInt8>>, sample: Slice<UnsafeBufferPointer<UInt8>>, into support: inout CallerSupport) {
        let keys = Bytes.string(format).split(separator: ":")
        let values = Bytes.string(sample).split(separator: ":", omittingEmptySubsequences: false)
        var pr: (Int, Int)?
        var sr: (Int, Int)?
        for (key, value) in zip(keys, values) {
            let parts = value.split(separator: ",").compactMap { Int($0) }
            switch key {
            case "PR" where parts.count == 2: pr = (parts[0], parts[1])
            case "SR" where parts.count == 2: sr = (parts[0], parts[1])
            case "DV" where parts.count == 1: support.spanningPairs = parts[0]
            case "RV" where parts.count == 1: support.splitReads = parts[0]
            case "AF": if let af = Double(value) { support.alleleFraction = af }
            default: break
            }
        }
        if let pr { support.spanningPairs = pr.1 }
        if let sr { support.splitReads = sr.1 }
        if support.alleleFraction == nil, pr != nil || sr != nil {
            let ref = (pr?.0 ?? 0) + (sr?.0 ?? 0), alt = (pr?.1 ?? 0) + (sr?.1 ?? 0)
            if ref + alt > 0 { support.alleleFraction = Double(alt) / Double(ref + alt) }
        }
    }

    static func merge(_ a: inout CallerSupport, _ b: CallerSupport) {
        a.splitReads = a.splitReads ?? b.splitReads
        a.spanningPairs = a.spanningPairs ?? b.spanningPairs
        a.alleleFraction = a.alleleFraction ?? b.alleleFraction
        a.quality = a.quality ?? b.quality
    }

    static func interval(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: ",").compactMap { Int($0) }
        guard parts.count == 2, parts[0] <= parts[1] else { return nil }
        return parts[0]...parts[1]
    }

    static func svType(_ declared: String?, _ a: Breakend, _ b: Breakend) -> StructuralVariantType {
        StructuralVariantType.inferred(a, b)
    }

    /// END from INFO END, else POS + |SVLEN| (either sign convention).
    private static func endPosition(_ record: Record, path: String) throws -> Int? {
        if let endText = record.info["END"] {
            guard let end = Int(endText) else {
                throw InputError(file: path, line: record.line, "INFO END '\(endText)' is not a whole number")
            }
            if end >= record.pos { return end }
        }
        if let lengthText = record.info["SVLEN"]?.split(separator: ",").first {
            guard let length = Int(lengthText) else {
                throw InputError(file: path, line: record.line, "INFO SVLEN '\(lengthText)' is not a whole number")
            }
            return record.pos + abs(length)
        }
        return nil
    }
}

/// A syntax problem inside one VCF field.
struct VCFSyntaxError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Applies the build conversion to input positions: identity for GRCh38, a chain for GRCh37.
struct CoordinateMapper {
    let build: GenomeBuild
    let liftover: Liftover?

    init(build: GenomeBuild, liftover: Liftover?, file: String) throws {
        self.build = build
        self.liftover = liftover
        if build == .grch37 && liftover == nil {
            throw InputError(
                file: file, line: nil,
                "the input is \(build) but no liftover chain is available; pass --chain hg19ToHg38.over.chain.gz (UCSC) or rebuild the knowledge base with the liftover source (make kb)")
        }
    }

    func map(_ position: GenomicPosition, _ side: KeptSide?) -> (position: GenomicPosition, side: KeptSide?)? {
        guard build == .grch37, let liftover else { return (position, side) }
        guard let lifted = liftover.map(position) else { return nil }
        let flipped: KeptSide? = lifted.reversed ? side.map { $0 == .left ? .right : .left } : side
        return (lifted.position, flipped)
    }
}
