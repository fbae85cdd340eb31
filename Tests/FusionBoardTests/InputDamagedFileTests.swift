import Foundation
import Testing

@testable import FusionBoardCore

/// Real files (the sample cases and ../shared/cases) with one thing broken or changed, as users' files arrive:
/// each is read like the original, or refused naming the file, the line and what to fix — never a crash, never
/// a silently different result.
@Suite("Input: damaged and edited files")
struct InputDamagedFileTests {
    typealias F = InputFixtures

    static let chimeraScan = Fixtures.sharedFile("cases/rna-fusion-calls/BT474.chimerascan.bedpe")
    static let bedpe = Fixtures.sharedFile("cases/sv-vcf-dialects/gridss.bedpe")
    static let arriba = Fixtures.sharedFile("cases/rna-fusion-calls/arriba_K562_fusions.tsv")
    static let starFusion = Fixtures.sharedFile("cases/rna-fusion-calls/BT474.star-fusion.tsv")
    static let deepriorTable = Fixtures.sharedFile("cases/rna-fusion-calls/deeprior_general_out_example.txt")
    static let fusionCatcher = Fixtures.sharedFile("cases/rna-fusion-calls/deeprior_FusionCatcher_out_example.txt")

    static let labelled = Fixtures.sharedFile("evaluation/deeprior_test_set_2.csv")

    static func shapes(_ set: CallSet) -> [String] { set.junctions.map(\.shape) }

    /// A table of ../shared with the field in column `column` (by header name) of line `line` set to `value`.
    static func withField(_ source: String, line: Int, column: String, _ value: String, name: String) throws -> String {
        let lines = try F.lines(source)
        let header = lines[0].drop { $0 == "#" }.components(separatedBy: "\t")
        let index = try #require(header.firstIndex(of: column), "\(column)")
        return try F.write(F.editingFields(lines, line: line) { $0[index] = value }.joined(separator: "\n") + "\n", name: name)
    }

    /// `source` without the column named `column` (header and rows).
    static func withoutColumn(_ source: String, _ column: String, rows: Bool = true, name: String) throws -> String {
        let lines = try F.lines(source)
        let index = try #require(lines[0].drop { $0 == "#" }.components(separatedBy: "\t").firstIndex(of: column), "\(column)")
        let kept = lines.enumerated().map { number, line -> String in
            guard number == 0 || rows else { return line }
            var fields = line.components(separatedBy: "\t")
            if index < fields.count { fields.remove(at: index) }
            return fields.joined(separator: "\t")
        }
        return try F.write(kept.joined(separator: "\n") + "\n", name: name)
    }

    /// The error reading `path`, which must be one naming `path` and `line`.
    static func refusal(_ path: String, line: Int?, _ options: InputOptions = F.options()) throws -> String {
        let error = try #require(F.error(path, options), "\(path) was read")
        #expect(error.file == path)
        #expect(error.line == line, "\(error)")
        return error.message
    }

    // MARK: Byte-order marks and line endings

    @Test func aByteOrderMarkIsSkippedInEveryFormat() throws {
        for (source, name) in [(F.p001, "bom.vcf"), (Self.chimeraScan, "bom.bedpe"), (Self.bedpe, "bom2.bedpe"), (Self.arriba, "bom.tsv"), (Self.deepriorTable, "bom.txt")] {
            let text = try String(contentsOfFile: source, encoding: .utf8)
            let path = try F.write("\u{FEFF}" + text, name: name)
            let original = try F.read(source), marked = try F.read(path)
            #expect(marked.format == original.format, "\(name)")
            #expect(Self.shapes(marked) == Self.shapes(original), "\(name)")
            #expect(!Self.shapes(marked).isEmpty, "\(name)")
        }
        // The cohort manifest too.
        let manifest = try String(contentsOfFile: Fixtures.sample("cohort.tsv"), encoding: .utf8)
        let path = try F.write("\u{FEFF}" + manifest, name: "cohort.tsv")
        #expect(try CohortManifest.read(path).map(\.sample) == ["P001", "P002", "P003", "P004"])
    }

    @Test func crlfFilesAreDetectedAndReadLikeLF() throws {
        for (source, name) in [(F.p001, "crlf.vcf"), (Self.deepriorTable, "crlf.txt"), (Self.starFusion, "crlf.tsv"), (Self.chimeraScan, "crlf.bedpe")] {
            let text = try String(contentsOfFile: source, encoding: .utf8)
            let path = try F.write(text.replacingOccurrences(of: "\n", with: "\r\n"), name: name)
            #expect(try InputReader.detect(path) == InputReader.detect(source), "\(name)")
            #expect(Self.shapes(try F.read(path)) == Self.shapes(try F.read(source)), "\(name)")
        }
    }

    @Test func carriageReturnOnlyLinesAreRefusedWithoutDumpingTheFile() throws {
        let text = try String(contentsOfFile: Self.deepriorTable, encoding: .utf8)
        let path = try F.write(text.replacingOccurrences(of: "\n", with: "\r"), name: "cr.txt")
        let error = try #require(F.error(path))
        #expect(error.line == 1)
        #expect(error.message.contains("carriage return"))
        #expect(error.message.count < 300)
        // Also when the format is given (no detection).
        #expect(F.error(path, F.options(format: .table))?.message.contains("carriage return") == true)
    }

    // MARK: gzip

    @Test func aGzipHeaderAloneIsTruncatedNotEmpty() throws {
        let gz = try Array(Data(contentsOf: URL(fileURLWithPath: try F.gzip(try F.write(try String(contentsOfFile: F.p001, encoding: .utf8), name: "p.vcf")))))
        for (bytes, name) in [(Array(gz.prefix(10)), "header.vcf.gz"), (Array(gz.prefix(2)), "magic.vcf.gz"), (Array(gz.dropLast(4)), "nolength.vcf.gz")] {
            let error = try #require(F.error(try F.writeBytes(bytes, name: name)))
            #expect(error.message.contains("truncated"), "\(name): \(error)")
            #expect(!error.message.contains("empty"), "\(name)")
        }
        // A gzip of an empty file is empty.
        let empty = try F.gzip(try F.write("", name: "nothing.vcf"))
        #expect(F.error(empty)?.message.contains("empty") == true)
    }

    @Test func bytesAfterTheGzipStreamAreRefusedZeroPaddingIsNot() throws {
        let gzPath = try F.gzip(try F.write(try String(contentsOfFile: F.p001, encoding: .utf8), name: "p.vcf"))
        let gz = try Array(Data(contentsOf: URL(fileURLWithPath: gzPath)))
        let garbage = try F.writeBytes(gz + Array("garbage\u{0}\u{1}junk".utf8), name: "garbage.vcf.gz")
        let error = try #require(F.error(garbage))
        #expect(error.message.contains("13 bytes that are not gzip data follow the end of the compressed stream"), "\(error)")
        let padded = try F.writeBytes(gz + [UInt8](repeating: 0, count: 512), name: "padded.vcf.gz")
        #expect(Self.shapes(try F.read(padded)) == Self.shapes(try F.read(F.p001)))
    }

    // MARK: Numbers: positions, intervals, counts, qualities, fractions

    @Test func positionsPastEveryChromosomeAreRefusedWhereTheyAreRead() throws {
        let huge = "9223372036854775807"
        // P001 line 62 is the chr1 <DEL>, line 67 the KIF5B breakend.
        let edits: [(String, String, Int, String)] = [
            ("chr1\t81050211\t", "chr1\t\(huge)\t", 62, "POS \(huge) is past the end of every chromosome"),
            ("chr1\t81050211\t", "chr1\t99999999999999999999999\t", 62, "past the end of every chromosome"),
            ("END=81052918", "END=\(huge)", 62, "INFO END \(huge) is past the end of every chromosome"),
            ("END=81052918;SVTYPE=DEL;SVLEN=-2707", "SVTYPE=DEL;SVLEN=-9223372036854775000", 62, "SVLEN=-9223372036854775000 is longer than any chromosome"),
            ("[chr10:43115500[N", "[chr10:\(huge)[N", 67, "names a mate position past the end of every chromosome"),
        ]
        for (k, (old, new, line, expected)) in edits.enumerated() {
            let message = try Self.refusal(try F.edited(F.p001, old, new, name: "pos\(k).vcf"), line: line)
            #expect(message.contains(expected), "\(message)")
        }
        // 3,000,000,000 fits an Int but no chromosome.
        #expect(try Self.refusal(try F.edited(F.p001, "chr1\t81050211\t", "chr1\t3000000000\t", name: "pos3e9.vcf"), line: 62).contains("2,147,483,648"))
        // A position within 2^31 but past its chromosome's end names the chromosome.
        let past = try Self.refusal(try F.edited(F.p001, "END=81052918", "END=300000000", name: "past.vcf"), line: 62)
        #expect(past.contains("lies past the end of GRCh38 chr1"))
        // BEDPE end1 (gridss.bedpe line 1), Arriba breakpoint1, STAR-Fusion LeftBreakpoint.
        let bedpe = try F.write(
            F.editingFields(try F.lines(Self.bedpe), line: 1) { $0[1] = "0"; $0[2] = huge }.joined(separator: "\n") + "\n", name: "huge.bedpe")
        #expect(try Self.refusal(bedpe, line: 1).contains("reaches past the end of every chromosome"))
        let arriba = try Self.withField(Self.arriba, line: 2, column: "breakpoint1", "22:\(huge)", name: "huge.tsv")
        #expect(try Self.refusal(arriba, line: 2).contains("lies past the end of GRCh38 chr22"))
        let star = try Self.withField(Self.starFusion, line: 2, column: "LeftBreakpoint", "chr17:\(huge):+", name: "huge-sf.tsv")
        #expect(try Self.refusal(star, line: 2).contains("lies past the end of"))
        // On GRCh37 too (the sample file read as GRCh37 with a position past GRCh37's chr1).
        let message = try Self.refusal(try F.edited(F.p001, "END=81052918", "END=249250622", name: "past37.vcf"), line: 62, F.options(build: .grch37))
        #expect(message.contains("lies past the end of GRCh37 chr1 (249,250,621 bp)"), "\(message)")
    }

    @Test func confidenceIntervalsMustBeOrderedPairsAndWideOnesAreCapped() throws {
        for (k, (value, expected)) in [("a,b", "is not two whole numbers"), ("5", "is not two whole numbers"), ("500,-500", "is reversed")].enumerated() {
            let message = try Self.refusal(try F.edited(F.p001, "CIPOS=0,3;CIEND", "CIPOS=\(value);CIEND", name: "ci\(k).vcf"), line: 62)
            #expect(message.contains("INFO CIPOS") && message.contains(expected), "\(message)")
        }
        // Huge offsets are capped at 1 Mb with a warning naming the line; the case still annotates (no overflow).
        let path = try F.edited(F.p001, "CIPOS=0,3;CIEND=0,3", "CIPOS=-9223372036854775807,9223372036854775807;CIEND=-100,9223372036854775807", name: "wide.vcf")
        let set = try F.read(path)
        let del = try #require(set.junctions.first { $0.recordIDs == ["MantaDEL:1932:0:1:0:0:0"] })
        #expect(del.first.confidenceInterval == -1_000_000...1_000_000)
        #expect(del.second?.confidenceInterval == -100...1_000_000)
        #expect(set.warnings.contains { $0.contains(":62: MantaDEL:1932:0:1:0:0:0's confidence interval -9223372036854775807,9223372036854775807 around chr1:81050211 is capped at -1000000,1000000") })
        _ = try F.pipeline().run(inputs: [path], sample: nil)
        // An interval reaching before position 1 stops there (P001 line 63: chr3 <DEL> with CIPOS=-188,189).
        let early = try F.read(try F.edited(F.p001, "chr3\t5812340\t", "chr3\t5\t", name: "early.vcf"))
        let chr3 = try #require(early.junctions.first { $0.recordIDs == ["MantaDEL:10871:0:0:0:0:0"] })
        #expect(chr3.first.confidenceInterval == -4...189)
        #expect(early.warnings.contains { $0.contains(":63: MantaDEL:10871:0:0:0:0:0's confidence interval -188,189 around chr3:5 is capped at -4,189") })
    }

    @Test func readCountsAreWholeNumbersFromZeroToInt32Max() throws {
        // Manta FORMAT PR of the tumour (P001 line 67: 58,0 → edited).
        let vcfCases: [(String, String)] = [
            ("9223372036854775807", "larger than any read count (at most 2,147,483,647)"), ("-19", "is negative"), ("xx", "is not a read count"),
        ]
        for (k, (value, expected)) in vcfCases.enumerated() {
            let lines = F.editingFields(try F.lines(F.p001), line: 67) { $0[10] = "58,\(value):51,0" }
            let message = try Self.refusal(try F.write(lines.joined(separator: "\n") + "\n", name: "pr\(k).vcf"), line: 67)
            #expect(message.contains("FORMAT PR of sample TUMOR") && message.contains(expected), "\(message)")
        }
        // The largest count is read, and the report adds it up without overflow.
        let max = String(Int32.max)
        let lines = F.editingFields(try F.lines(F.p001), line: 67) { $0[10] = "\(max),\(max):\(max),\(max)" }
        let set = try F.read(try F.write(lines.joined(separator: "\n") + "\n", name: "max.vcf"))
        let kif5b = try #require(set.junctions.first { $0.recordIDs.first == "MantaBND:41207:0:1:0:0:0:0" })
        #expect(kif5b.support.splitReads == Int(Int32.max) && kif5b.support.totalReads == 2 * Int(Int32.max))
        // INFO SR (DELLY, GRIDSS): a word is an error, not an unknown count.
        let info = try Self.refusal(try F.edited(F.p001, "CIPOS=0,3;CIEND=0,3;", "CIPOS=0,3;CIEND=0,3;SR=many;", name: "sr.vcf"), line: 62)
        #expect(info.contains("INFO SR 'many' is not a read count"))
        // Arriba split_reads1 and STAR-Fusion JunctionReadCount, named by column.
        for (k, (value, expected)) in [("many", "is not a read count"), ("-40", "is negative"), ("9223372036854775807", "larger than any read count")].enumerated() {
            let arriba = try Self.withField(Self.arriba, line: 2, column: "split_reads1", value, name: "a\(k).tsv")
            let message = try Self.refusal(arriba, line: 2)
            #expect(message.hasPrefix("split_reads1 '") && message.contains(expected), "\(message)")
            let star = try Self.withField(Self.starFusion, line: 3, column: "JunctionReadCount", value, name: "s\(k).tsv")
            let starMessage = try Self.refusal(star, line: 3)
            #expect(starMessage.hasPrefix("JunctionReadCount '") && starMessage.contains(expected), "\(starMessage)")
        }
        let fraction = try Self.withField(Self.starFusion, line: 2, column: "SpanningFragCount", "7.5", name: "float.tsv")
        #expect(try Self.refusal(fraction, line: 2).contains("SpanningFragCount '7.5' is not a read count"))
    }

    @Test func qualitiesAndAlleleFractionsAreFiniteAndInRange() throws {
        // P001 line 67 QUAL 999.
        for (k, value) in ["nan", "inf", "-1e308", "-3", "high"].enumerated() {
            let lines = F.editingFields(try F.lines(F.p001), line: 67) { $0[5] = value }
            let message = try Self.refusal(try F.write(lines.joined(separator: "\n") + "\n", name: "q\(k).vcf"), line: 67)
            #expect(message.contains("QUAL '\(value)' is not a quality; expected a finite number ≥ 0"), "\(message)")
        }
        // A huge but finite QUAL is a number like any other.
        let big = F.editingFields(try F.lines(F.p001), line: 67) { $0[5] = "1e19" }
        let quality = try F.read(try F.write(big.joined(separator: "\n") + "\n", name: "q.vcf")).junctions.first { $0.recordIDs.first == "MantaBND:41207:0:1:0:0:0:0" }?.support.quality
        #expect(quality == 1e19)
        for (k, (value, expected)) in [("nan", "is not an allele fraction"), ("inf", "is not an allele fraction"), ("-5", "is outside 0…1"), ("1.5", "is outside 0…1")].enumerated() {
            let lines = F.editingFields(try F.lines(F.p001), line: 67) { $0[8] = "PR:SR:AF"; $0[10] += ":\(value)" }
            let message = try Self.refusal(try F.write(lines.joined(separator: "\n") + "\n", name: "af\(k).vcf"), line: 67)
            #expect(message.contains("FORMAT AF of sample TUMOR") && message.contains(expected), "\(message)")
        }
        // PURPLE's purity-adjusted fraction may pass 1 and is capped there; a NaN is still an error.
        // (Line 62 without its Manta FORMAT counts, which would give the fraction instead.)
        let purpleLines = F.editingFields(try F.lines(F.p001), line: 62) { $0[7] += ";PURPLE_AF=1.19,1.14"; $0[8] = "GT"; $0[9] = "0/0"; $0[10] = "0/1" }
        let purple = try F.read(try F.write(purpleLines.joined(separator: "\n") + "\n", name: "purple.vcf"))
        #expect(purple.junctions.first?.support.alleleFraction == 1)
        #expect(try Self.refusal(try F.edited(F.p001, "CIPOS=0,3;CIEND=0,3;", "CIPOS=0,3;CIEND=0,3;PURPLE_AF=nan;", name: "purplenan.vcf"), line: 62).contains("INFO PURPLE_AF 'nan'"))
    }

    @Test func extremeButValidNumbersRenderInTheReportAndItsJSON() throws {
        let max = String(Int32.max)
        var lines = F.editingFields(try F.lines(F.p001), line: 67) { $0[5] = "1e19"; $0[10] = "\(max),\(max):\(max),\(max)" }
        lines = F.editingFields(lines, line: 68) { $0[5] = "1e19"; $0[10] = "\(max),\(max):\(max),\(max)" }
        let path = try F.write(lines.joined(separator: "\n") + "\n", name: "extreme.vcf")
        let dir = try Fixtures.temporaryDirectory()
        let html = dir.appendingPathComponent("r.html").path, json = dir.appendingPathComponent("r.json").path
        let result = try CLI.run(["report", path, "--sample", "X", "-o", html, "--json", json])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: json, encoding: .utf8)
        #expect(text.contains("\"splitReads\" : 2147483647"))
        // Formatting never traps, whatever it is given.
        #expect(String(format2: .nan) == "NaN" && String(format2: -.infinity) == "-∞" && String(format2: 1e19) == "1e+19")
        #expect(String(format2: 0.305) == "0.31" || String(format2: 0.305) == "0.30")
    }

    @Test func labelledTablesRefuseImpossibleCoordinatesChromosomesAndPairs() throws {
        let cases: [(String, String, String)] = [
            ("Coord5p", "9223372036854775807", "column Coord5p 9,223,372,036,854,775,807 lies past the end of GRCh38 chr11"),
            ("Coord5p", "0", "column Coord5p must be a position ≥ 1, found 0"),
            ("Coord3p", "-12", "column Coord3p must be a position ≥ 1, found -12"),
            ("Chr5p", "Q", "column Chr5p 'Q' is not a chromosome"),
            ("FusionPair", "NOUNDERSCORE", "FusionPair 'NOUNDERSCORE' is not GENE5_GENE3"),
        ]
        let lines = try F.lines(Self.labelled)
        let header = lines[0].components(separatedBy: "\t")
        // Line 4 of the DEEPrior test set (a GRCh38 row on chr11).
        for (k, (column, value, expected)) in cases.enumerated() {
            let index = try #require(header.firstIndex(of: column))
            let edited = F.editingFields(Array(lines.prefix(10)), line: 4) { $0[index] = value }
            let path = try F.write(edited.joined(separator: "\n") + "\n", name: "labelled\(k).csv")
            do {
                _ = try LabelledReader(path: path, liftover: F.chain).readRows()
                Issue.record("\(column)=\(value) was read")
            } catch let error as InputError {
                #expect(error.line == 4 && error.message.contains(expected), "\(error)")
            }
        }
    }

    @Test func explainRefusesABreakpointPastItsChromosome() throws {
        let result = try CLI.run(["explain", "KIF5B::RET", "--breakpoints", "chr10:9223372036854775807:-,chr10:43115500:+"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("chr10:9223372036854775807:- lies past the end of GRCh38 chr10 (133,797,422 bp)"), "\(result.stderr)")
    }

    // MARK: Cut rows and missing columns

    @Test func cutRowsAreRefusedNamingTheLine() throws {
        // ChimeraScan line 4 cut to 8 of its 23 columns, Arriba line 2 to 10 of 30, a headerless BEDPE row to 8 of 10.
        let cs = F.editingFields(try F.lines(Self.chimeraScan), line: 4) { $0 = Array($0.prefix(8)) }
        let csMessage = try Self.refusal(try F.write(cs.joined(separator: "\n") + "\n", name: "cut.bedpe"), line: 4)
        #expect(csMessage.contains("8 tab-separated columns, but the header's 'genes3p' column is number 14"), "\(csMessage)")
        let arriba = F.editingFields(try F.lines(Self.arriba), line: 2) { $0 = Array($0.prefix(10)) }
        let arribaMessage = try Self.refusal(try F.write(arriba.joined(separator: "\n") + "\n", name: "cut.tsv"), line: 2)
        #expect(arribaMessage.contains("10 tab-separated columns, but the '") && arribaMessage.contains("the line is truncated"), "\(arribaMessage)")
        let bedpe = F.editingFields(try F.lines(Self.bedpe), line: 2) { $0 = Array($0.prefix(8)) }
        let bedpeMessage = try Self.refusal(try F.write(bedpe.joined(separator: "\n") + "\n", name: "cut2.bedpe"), line: 2)
        #expect(bedpeMessage.contains("the first row has strands in columns 9 and 10"), "\(bedpeMessage)")
        // A headerless file without strands stays readable.
        let six = try F.lines(Self.bedpe).map { $0.components(separatedBy: "\t").prefix(6).joined(separator: "\t") }
        #expect(try F.read(try F.write(six.joined(separator: "\n") + "\n", name: "six.bedpe")).junctions.count == (try F.read(Self.bedpe)).junctions.count)
    }

    @Test func headersLackingAColumnAreRefusedNamingIt() throws {
        // ChimeraScan header without strand3p (the rows keep theirs, so every column after it would shift).
        let cs = try Self.withoutColumn(Self.chimeraScan, "strand3p", rows: false, name: "nostrand.bedpe")
        #expect(try Self.refusal(cs, line: 1).contains("needs the column strand3p, which is missing"))
        // Arriba without breakpoint2: detected as Arriba and the column named, not "unrecognised format".
        for rows in [true, false] {
            let arriba = try Self.withoutColumn(Self.arriba, "breakpoint2", rows: rows, name: "nobp2-\(rows).tsv")
            let message = try Self.refusal(arriba, line: 1)
            #expect(message.contains("looks like an Arriba fusions.tsv, but its header lacks the column breakpoint2"), "\(message)")
            #expect(try Self.refusal(arriba, line: 1, F.options(format: .arriba)).contains("needs the column breakpoint2"))
        }
        // STAR-Fusion without LeftBreakpoint: named, whether detected or read as a table.
        let star = try Self.withoutColumn(Self.starFusion, "LeftBreakpoint", name: "noleft.tsv")
        #expect(try Self.refusal(star, line: 1).contains("looks like a STAR-Fusion table, but its header lacks the column LeftBreakpoint"))
        #expect(try Self.refusal(star, line: 1, F.options(format: .table)).contains("lacks LeftBreakpoint"))
        // A fusion table naming the genes but no breakpoints (FusionCatcher without its Fusion_point columns).
        var genesOnly = try Self.withoutColumn(Self.fusionCatcher, "Fusion_point_for_gene_1(5end_fusion_partner)", name: "fc1.txt")
        genesOnly = try Self.withoutColumn(genesOnly, "Fusion_point_for_gene_2(3end_fusion_partner)", name: "fc2.txt")
        #expect(try Self.refusal(genesOnly, line: 1).contains("the header names the genes but no breakpoint columns"))
        let oneSide = try Self.withoutColumn(Self.fusionCatcher, "Fusion_point_for_gene_2(3end_fusion_partner)", name: "fc3.txt")
        #expect(try Self.refusal(oneSide, line: 1).contains("a 5′ breakpoint column but no 3′ one"))
        // Breakpoint columns that are empty on every row: nothing can be placed, so no "0 fusions" report.
        let lines = try F.lines(Self.fusionCatcher)
        let index = try #require(lines[0].components(separatedBy: "\t").firstIndex(of: "Fusion_point_for_gene_1(5end_fusion_partner)"))
        var emptied = lines
        for line in 2...lines.count { emptied = F.editingFields(emptied, line: line) { $0[index] = "" } }
        let message = try Self.refusal(try F.write(emptied.joined(separator: "\n") + "\n", name: "fc4.txt"), line: nil)
        #expect(message.contains("none of the \(lines.count - 1) rows has both breakpoints"), "\(message)")
    }

    // MARK: Breakend mates that contradict each other

    static let kif5b = "MantaBND:41207:0:1:0:0:0:0", ret = "MantaBND:41207:0:1:0:0:0:1"

    @Test func matesWhoseALTsContradictEachOtherAreNotPaired() throws {
        // P001 line 67 (KIF5B, ALT [chr10:43115500[N) names line 68 (RET, at chr10:43115500, ALT [chr10:32025000[N).
        let cases: [(String, String)] = [
            ("[chr12:43115500[N", "\(Self.kif5b)'s ALT puts its mate at chr12:43115500"),
            ("[chr99:43115500[N", "\(Self.kif5b)'s ALT puts its mate at chr99:43115500"),
            ("N]chr10:43115500]", "their ALTs are not mirror images: \(Self.kif5b)'s is t]p], so its mate's must be t]p], but \(Self.ret)'s is [p[t"),
        ]
        for (k, (alt, expected)) in cases.enumerated() {
            let set = try F.read(try F.edited(F.p001, "[chr10:43115500[N", alt, name: "mate\(k).vcf"))
            #expect(!set.junctions.contains { $0.recordIDs.contains(Self.kif5b) || $0.recordIDs.contains(Self.ret) }, "\(alt)")
            #expect(set.singleBreakends.map(\.id).filter { $0.hasPrefix("MantaBND:41207") } == [Self.kif5b, Self.ret], "\(alt)")
            let warning = set.warnings.first { $0.contains("name each other as mates") }?.description ?? ""
            #expect(warning.contains(":67: breakends \(Self.kif5b) (line 67) and \(Self.ret) (line 68)"), "\(warning)")
            #expect(warning.contains(expected), "\(warning)")
            #expect(set.statistics.isBalanced)
        }
        // The right chromosome and mirror-image ALTs, only the bracketed position off (a file lifted over without its
        // ALTs): paired on the records' own positions, with a warning naming both lines.
        for (k, (alt, expected)) in [
            ("[chr10:43000000[N", "\(Self.kif5b)'s ALT puts its mate at chr10:43000000, while \(Self.ret) is at chr10:43115500 (CIPOS 0,2)"),
            ("[chr10:0[N", "\(Self.kif5b)'s ALT puts its mate at chr10:0"),
        ].enumerated() {
            let set = try F.read(try F.edited(F.p001, "[chr10:43115500[N", alt, name: "offset\(k).vcf"))
            let junction = try #require(set.junctions.first { $0.recordIDs == [Self.kif5b, Self.ret] }, "\(alt)")
            #expect(junction.second?.inputPosition.position == 43_115_500, "paired on the RET record's own POS")
            let warning = set.warnings.first { $0.contains("name each other as mates") }?.description ?? ""
            #expect(warning.contains(expected) && warning.contains("paired on the records' own positions"), "\(warning)")
            #expect(set.statistics.isBalanced)
        }
        // Manta writes the mate anywhere in its homology: within the mate's CIPOS (0,2) the pair still forms.
        let shifted = try F.read(try F.edited(F.p001, "[chr10:43115500[N", "[chr10:43115502[N", name: "shifted.vcf"))
        #expect(shifted.junctions.contains { $0.recordIDs == [Self.kif5b, Self.ret] })
        #expect(!shifted.warnings.contains { $0.contains("mates") })
    }

    @Test func aMateNamingAnAbsentRecordIsNotCalledAlreadyPaired() throws {
        let set = try F.read(try F.edited(F.p001, "MATEID=\(Self.ret)", "MATEID=NOSUCH", name: "nosuch.vcf"))
        #expect(set.warnings.contains { $0.contains(":67: breakend \(Self.kif5b) names mate NOSUCH, which is not in the file") })
        #expect(set.warnings.contains { $0.contains(":68: breakend \(Self.ret) names mate \(Self.kif5b) (line 67), which names NOSUCH as its mate, not this record") })
        #expect(!set.warnings.contains { $0.contains("already paired") })
        // A record naming itself, and a mate really taken by another pair, are said as such.
        let own = try F.read(try F.edited(F.p001, "MATEID=\(Self.ret)", "MATEID=\(Self.kif5b)", name: "self.vcf"))
        #expect(own.warnings.contains { $0.contains(":67: breakend \(Self.kif5b) names mate \(Self.kif5b), which is this record itself") })
        let lines = try F.lines(F.p001)
        let doubled = try F.write((Array(lines.prefix(67)) + [lines[66]] + Array(lines.dropFirst(67))).joined(separator: "\n") + "\n", name: "twice.vcf")
        let twice = try F.read(doubled)
        #expect(twice.warnings.contains { $0.contains(":68: breakend \(Self.kif5b) names mate \(Self.ret) (line 69), which is already paired with \(Self.kif5b) (line 67)") })
    }

    // MARK: The same input twice

    @Test func theSameFileGivenTwiceIsRefusedACopyWarns() throws {
        let pipeline = try F.pipeline()
        let dir = Fixtures.root.path
        for second in [F.p001, "\(dir)/SampleCases/../SampleCases/P001-lung-KIF5B-RET.vcf"] {
            do {
                _ = try pipeline.run(inputs: [F.p001, second], sample: "P001")
                Issue.record("\(second) was read twice")
            } catch let error as InputError {
                #expect(error.file == second && error.message.contains("is given twice as an input"), "\(error)")
            }
        }
        let result = try CLI.run(["score", F.p001, F.p001])
        #expect(result.status == 1 && result.stderr.contains("is given twice as an input, as input 1 and input 2"), "\(result.stderr)")
        // A copy under another name is read, with a warning that its calls count twice.
        let copy = try F.write(try String(contentsOfFile: F.p001, encoding: .utf8), name: "copy_of_P001.vcf")
        let analysis = try pipeline.run(inputs: [F.p001, copy], sample: "P001")
        #expect(analysis.warnings.contains { $0.contains("\(copy): has the same content as \(F.p001)") })
    }

    @Test func repeatedRowsOfAFusionTableWarn() throws {
        let lines = try F.lines(Self.starFusion)
        let doubled = try F.write((lines + lines.dropFirst()).joined(separator: "\n") + "\n", name: "twice.tsv")
        let set = try F.read(doubled)
        let repeats = lines.count - 1
        let warning = set.warnings.first { $0.contains("repeat an earlier row exactly") }?.description ?? ""
        #expect(warning.contains(":\(lines.count + 1): \(repeats) rows repeat an earlier row exactly (line \(lines.count + 1) repeats line 2,"), "\(warning)")
        // Arriba too; a file without repeats says nothing.
        let arriba = try F.lines(Self.arriba)
        let twice = try F.write((arriba + [arriba[1]]).joined(separator: "\n") + "\n", name: "twice-arriba.tsv")
        #expect(try F.read(twice).warnings.contains { $0.contains(":\(arriba.count + 1): a row repeats an earlier row exactly (line \(arriba.count + 1) repeats line 2)") })
        #expect(!(try F.read(Self.starFusion)).warnings.contains { $0.contains("repeat") })
    }
}
