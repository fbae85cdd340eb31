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

    static func shapes(_ set: CallSet) -> [String] { set.junctions.map(\.shape) }

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
}
