import Foundation
import Testing

@testable import FusionBoardCore

/// Helpers for the input suites: small files written on the fly, the real UCSC chain, reading with options.
enum InputFixtures {
    /// The UCSC hg19ToHg38 chain from ../shared (parsed once).
    static let chain: Liftover? = {
        let path = Fixtures.sharedFile("kb-sources/liftover/hg19ToHg38.over.chain.gz")
        return try? Liftover(chainFile: path)
    }()

    static func options(build: GenomeBuild? = nil, includeFiltered: Bool = false, tumorSample: String? = nil, format: InputFormat = .auto) -> InputOptions {
        var options = InputOptions()
        options.build = build
        options.includeFiltered = includeFiltered
        options.tumorSample = tumorSample
        options.format = format
        options.liftover = chain
        return options
    }

    /// A pipeline on the test knowledge base that lifts GRCh37 inputs with the real chain.
    static func pipeline() throws -> Pipeline {
        var options = PipelineOptions()
        options.input.liftover = chain
        return Pipeline(knowledgeBase: try Fixtures.knowledgeBase(), options: options)
    }

    /// Writes `text` to a fresh temporary file named `name` and returns its path.
    static func write(_ text: String, name: String = "input.vcf") throws -> String {
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func writeBytes(_ bytes: [UInt8], name: String) throws -> String {
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// gzip-compresses a file with the system gzip (as users' files are), returning the `.gz` path.
    static func gzip(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(path)' > '\(path).gz'"]
        try process.run()
        process.waitUntilExit()
        return path + ".gz"
    }

    /// A GRCh38 VCF with the given data lines (tab-separated, `|` stands for a tab for readability).
    static func vcf(_ lines: [String], samples: [String] = [], contigLength: Int = 248_956_422) -> String {
        var header = "##fileformat=VCFv4.3\n##contig=<ID=chr1,length=\(contigLength)>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"
        if !samples.isEmpty { header += "\tFORMAT\t" + samples.joined(separator: "\t") }
        return header + "\n" + lines.map { $0.replacingOccurrences(of: "|", with: "\t") }.joined(separator: "\n") + "\n"
    }

    /// A real file (a sample case or a file of ../shared/cases) with one edit: `old`, which must occur exactly once,
    /// replaced by `new`; written to a fresh temporary file named `name`.
    static func edited(_ source: String, _ old: String, _ new: String, name: String) throws -> String {
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let pieces = text.components(separatedBy: old)
        #expect(pieces.count == 2, "'\(old)' occurs \(pieces.count - 1) times in \(source)")
        return try write(pieces.joined(separator: new), name: name)
    }

    /// The lines of a real file (without the final newline's empty line).
    static func lines(_ source: String) throws -> [String] {
        var lines = try String(contentsOfFile: source, encoding: .utf8).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The tab-separated fields of line `line` (1-based) of `lines`, edited by `change`, put back.
    static func editingFields(_ lines: [String], line: Int, _ change: (inout [String]) -> Void) -> [String] {
        var lines = lines
        var fields = lines[line - 1].components(separatedBy: "\t")
        change(&fields)
        lines[line - 1] = fields.joined(separator: "\t")
        return lines
    }

    /// The first line of `lines` holding `marker` (1-based).
    static func lineNumber(_ lines: [String], containing marker: String) -> Int {
        (lines.firstIndex { $0.contains(marker) } ?? -1) + 1
    }

    static let p001 = Fixtures.sample("P001-lung-KIF5B-RET.vcf")

    static func read(_ path: String, _ options: InputOptions = options()) throws -> CallSet {
        try InputReader.read(path, options: options)
    }

    /// Reads and expects an ``InputError``; returns it.
    static func error(_ path: String, _ options: InputOptions = options()) -> InputError? {
        do {
            _ = try InputReader.read(path, options: options)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }
}

extension Junction {
    /// `chr:pos:side` of both breakends, for compact expectations (side L/R/?).
    var shape: String {
        func s(_ b: Breakend?) -> String {
            guard let b else { return "-" }
            let side = b.keptSide.map { $0 == .left ? "L" : "R" } ?? "?"
            return "\(b.position.chromosome):\(b.position.position)\(side)"
        }
        return "\(s(first)) \(s(second))"
    }
}
