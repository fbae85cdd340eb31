import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@testable import FusionBoardCore

/// Damaged copies of the optional sources users bring (cut rows, renamed columns, bad numbers, repeats, binary junk,
/// two versions, links, unsafe `--out` paths): each must be refused with the file, the line and what to fix — never
/// a crash, never a silently wrong knowledge base, never a half-written or replaced `--out`. The copies are made
/// here from the first rows of ../shared/kb-sources, and the importers are run directly on a scratch database
/// holding the core knowledge base's genes; two tests run the whole `kb build`.
@Suite("Knowledge base: damaged sources")
struct KnowledgeBaseDamagedSourceTests {
    // MARK: Helpers

    /// Starts `path` with `arguments` as a shell would (no signal blocked, every signal's default action), output
    /// discarded; returns its process id.
    static func spawnAsFromAShell(_ path: String, _ arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(path): \(rc)"]) }
        return pid
    }

    /// The first `count` lines of a shared source file (plain or gzip).
    static func realLines(_ relative: String, _ count: Int) throws -> [String] {
        struct Enough: Error {}
        var lines: [String] = []
        do {
            try SourceText.forEachLine(Fixtures.sharedFile("kb-sources/" + relative)) { line, _ in
                lines.append(line)
                if lines.count == count { throw Enough() }
            }
        } catch is Enough {}
        return lines
    }

    /// A scratch database with the core knowledge base's genes and names, and one source row (id 1).
    final class Scratch {
        let dir: URL
        let db: SQLiteConnection
        let symbols: SymbolResolver

        init() throws {
            dir = try Fixtures.temporaryDirectory()
            db = try SQLiteConnection(path: dir.appendingPathComponent("scratch.sqlite").path, readOnly: false)
            for statement in KnowledgeBaseSchema.statements { try db.execute(statement) }
            try db.execute("ATTACH DATABASE '\(Fixtures.coreKnowledgeBasePath)' AS core")
            try db.execute("INSERT INTO gene SELECT * FROM core.gene")
            try db.execute("INSERT INTO gene_alias SELECT * FROM core.gene_alias")
            try db.execute("DETACH DATABASE core")
            try db.execute("INSERT INTO source(id, name, category, licence) VALUES (1, 'test', 'test', 'test')")
            symbols = try SymbolResolver(db: db)
        }

        /// Writes `bytes` as `name` (gzip-compressed when the name ends in .gz and `gzip` is set) and imports it.
        @discardableResult
        func importFile(_ source: OptionalSource, _ name: String, _ bytes: [UInt8], gzip: Bool = true) throws -> Int {
            let sub = dir.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let path = sub.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            if gzip && name.hasSuffix(".gz") {
                try FileManager.default.moveItem(atPath: path, toPath: path + ".plain")
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", "gzip -n -c \"$0\" > \"$1\" && rm \"$0\"", path + ".plain", path]
                try process.run()
                process.waitUntilExit()
            }
            try db.execute("DELETE FROM source WHERE id = 1; INSERT INTO source(id, name, category, licence) VALUES (1, 'test', 'test', 'test')")
            return try source.run(ImportContext(db: db, file: path, sourceID: 1, symbols: symbols, log: { _ in }))
        }

        func importText(_ source: OptionalSource, _ name: String, _ text: String, gzip: Bool = true) throws -> Int {
            try importFile(source, name, Array(text.utf8), gzip: gzip)
        }

        /// The `InputError` importing `text` gives (an issue is recorded when it imports).
        func error(_ source: OptionalSource, _ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> InputError? {
            do {
                let rows = try importText(source, name, text)
                Issue.record("\(source.name): a damaged \(name) imported \(rows) rows", sourceLocation: sourceLocation)
            } catch let error as InputError {
                return error
            } catch {
                Issue.record("\(source.name): \(type(of: error)) instead of an InputError: \(error)", sourceLocation: sourceLocation)
            }
            return nil
        }
    }

    /// One source: its file in ../shared/kb-sources, how many header lines it has, and its column separator.
    struct Sample: CustomTestStringConvertible, Sendable {
        var source: String
        var path: String
        var header: Int
        var separator: String
        var testDescription: String { source }
        var name: String { URL(fileURLWithPath: path).lastPathComponent }
        var optional: OptionalSource { OptionalSources.all.first { $0.name == source }! }
    }

    /// The sources whose first line names their columns.
    static let headed: [Sample] = [
        Sample(source: "HGNC complete set", path: "genes/hgnc_complete_set.txt.gz", header: 1, separator: "\t"),
        Sample(source: "CancerMine", path: "genes/cancermine.csv", header: 1, separator: ","),
        Sample(source: "OncoKB cancer gene list", path: "genes/oncokb_cancer_genes_list.txt", header: 1, separator: "\t"),
        Sample(source: "Pfam families", path: "domains/pfamA.txt", header: 1, separator: "\t"),
        Sample(source: "maftools protein domains", path: "domains/maftools_protein_domains.txt.gz", header: 1, separator: "\t"),
        Sample(source: "maftools protein lengths", path: "domains/maftools_prot_len.txt.gz", header: 1, separator: "\t"),
        Sample(source: "DGIdb interactions", path: "drugs/dgidb_interactions.tsv.gz", header: 1, separator: "\t"),
        Sample(source: "DGIdb gene categories", path: "drugs/dgidb_categories.tsv.gz", header: 1, separator: "\t"),
        Sample(source: "ChimerDB 3.0 PubMed", path: "fusions/chimerdb_pubmed_chims.txt", header: 1, separator: "\t"),
        Sample(source: "GTEx normal-tissue fusions", path: "normal/GTEx.starF.consolidated.Mar2019.tsv.recurrent.wTissueType.pct_class_n_count", header: 1, separator: "\t"),
        Sample(source: "Human BodyMap 2.0 fusions", path: "normal/HbodyMap.GRCh38_v27.starF.Mar2019.tsv", header: 1, separator: "\t"),
        Sample(source: "DGD paralog clusters", path: "normal/dgd_Hsa_all_v71.tsv", header: 1, separator: "\t"),
    ]

    // MARK: Importers on damaged copies

    @Test("a renamed column (a newer release) names the file, line 1 and the column", arguments: headed)
    func renamedColumnIsRefused(_ sample: Sample) throws {
        let scratch = try Scratch()
        var lines = try Self.realLines(sample.path, 30)
        #expect(try scratch.importText(sample.optional, sample.name, lines.joined(separator: "\n") + "\n") > 0, "the undamaged rows import")
        // Rename every column: whichever the importer reads, it is now missing.
        var columns = lines[0].components(separatedBy: sample.separator)
        for i in 0..<columns.count { columns[i] += "_v2" }
        lines[0] = columns.joined(separator: sample.separator)
        let error = try #require(scratch.error(sample.optional, sample.name, lines.joined(separator: "\n") + "\n"))
        #expect(error.file.hasSuffix(sample.name) && error.line == 1)
        #expect(error.message.contains("missing") && error.message.contains("_v2"), "\(error)")
    }

    @Test("a row cut short (too few columns, or the last row of a cut download) names its line", arguments: headed)
    func shortRowIsRefused(_ sample: Sample) throws {
        let scratch = try Scratch()
        var lines = try Self.realLines(sample.path, 30)
        var row = lines[10].components(separatedBy: sample.separator)
        row.removeLast()
        lines[10] = row.joined(separator: sample.separator)
        let error = try #require(scratch.error(sample.optional, sample.name, lines.joined(separator: "\n") + "\n"))
        #expect(error.file.hasSuffix(sample.name) && error.line == 11, "\(error)")
        #expect(error.message.contains("where the header has"), "\(error)")

        // The last row of a download cut off mid-row, without its line end.
        let cut = try Self.realLines(sample.path, 30)
        let last = cut[29].components(separatedBy: sample.separator)
        let text = cut.dropLast().joined(separator: "\n") + "\n" + last.prefix(last.count / 2).joined(separator: sample.separator)
        let cutError = try #require(scratch.error(sample.optional, sample.name, text))
        #expect(cutError.line == 30, "\(cutError)")
    }

    @Test("an empty file or one with its header only is refused, not recorded as a present source", arguments: headed)
    func emptySourceIsRefused(_ sample: Sample) throws {
        let scratch = try Scratch()
        do {
            try scratch.importFile(sample.optional, sample.name, [], gzip: false)
            Issue.record("an empty \(sample.name) imported")
        } catch let error as InputError {
            #expect(error.file.hasSuffix(sample.name) && error.line == nil && error.message.contains("the file is empty"), "\(error)")
        }
        let header = try Self.realLines(sample.path, 1)[0] + "\n"
        let headerOnly = try #require(scratch.error(sample.optional, sample.name, header))
        #expect(headerOnly.message.contains("no \(sample.source) rows"), "\(headerOnly)")
    }

    @Test func binaryDataIsRefusedNamingTheLine() throws {
        let scratch = try Scratch()
        var lines = try Self.realLines("fusions/ChimerKB.fusions", 20)
        lines[4] = "| BCR \u{0}\u{1}\u{2} | ABL1 |"
        let error = try #require(scratch.error(FusionSources.chimerKB, "ChimerKB.fusions", lines.joined(separator: "\n") + "\n"))
        #expect(error.line == 5 && error.message.contains("binary"), "\(error)")
        // A binary file under a headerless source's name.
        let junk = (0..<4000).map { UInt8($0 % 256) }
        #expect(throws: InputError.self) { try scratch.importFile(FusionSources.babiceanu, "Babiceanu_Normal.dat", junk) }
    }

    /// The numbers each source holds, damaged: not a number, negative, larger than any such number, fractional.
    @Test func numbersAreCheckedWhereTheyAreRead() throws {
        let scratch = try Scratch()
        func damaged(_ path: String, header: Int, row: Int = 6, separator: String = "\t", _ edit: ([String]) -> [String]) throws -> String {
            var lines = try Self.realLines(path, 20)
            lines[row - 1] = edit(lines[row - 1].components(separatedBy: separator)).joined(separator: separator)
            return lines.joined(separator: "\n") + "\n"
        }
        func expectRefused(_ source: OptionalSource, _ name: String, _ text: String, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
            guard let error = scratch.error(source, name, text, sourceLocation: sourceLocation) else { return }
            #expect(error.line == 6 && error.file.hasSuffix(name), "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(words), "\(error)", sourceLocation: sourceLocation)
        }
        for bad in ["abc", "-5", "99999999999999999999999", "12.5"] {
            expectRefused(GeneSources.cancerMine, "cancermine.csv", try damaged("genes/cancermine.csv", header: 1, separator: ",") { f in
                var f = f
                f[7] = bad
                return f
            }, "citation_count")
            expectRefused(DomainSources.maftoolsDomains, "maftools_protein_domains.txt.gz", try damaged("domains/maftools_protein_domains.txt.gz", header: 1) { f in
                var f = f
                f[4] = bad
                return f
            }, "Start")
            expectRefused(DomainSources.maftoolsProteinLengths, "maftools_prot_len.txt.gz", try damaged("domains/maftools_prot_len.txt.gz", header: 1) { f in
                var f = f
                f[3] = bad
                return f
            }, "aa.length")
            expectRefused(FusionSources.cosmic, "cosmic_fusion_list.txt", try damaged("fusions/cosmic_fusion_list.txt", header: 2) { f in
                var f = f
                f[1] = bad
                return f
            }, "samples")
            expectRefused(FusionSources.mitelman, "mitelman_db_recurrent_summary.txt", try damaged("fusions/mitelman_db_recurrent_summary.txt", header: 0) { f in
                var f = f
                f[1] = "ALL=\(bad)"
                return f
            }, "cases of ALL")
            expectRefused(FusionSources.gtex, "GTEx.starF.consolidated.Mar2019.tsv.recurrent.wTissueType.pct_class_n_count",
                try damaged("normal/GTEx.starF.consolidated.Mar2019.tsv.recurrent.wTissueType.pct_class_n_count", header: 1) { f in
                    var f = f
                    f[3] = "0.400;n=\(bad)"
                    return f
                }, "n ")
        }
        // A domain ending before it starts, and an end past any protein.
        expectRefused(DomainSources.maftoolsDomains, "maftools_protein_domains.txt.gz", try damaged("domains/maftools_protein_domains.txt.gz", header: 1) { f in
            var f = f
            (f[4], f[5]) = ("200", "100")
            return f
        }, "before Start")
    }

    /// Genome-coordinate sources: a reversed or empty block used to trap (a ClosedRange with its ends swapped), a
    /// chain block past 2^31 overflowed; each is now an error naming the line.
    @Test func genomeCoordinatesCannotTrap() throws {
        let scratch = try Scratch()
        let arriba = try #require(scratch.error(
            DomainSources.arribaDomains, "protein_domains_hg38_GRCh38_v2.4.0.gff3",
            "##gff-version 3\n9\tPfam\tprotein_domain\t130800000\t130700000\t.\t+\t.\tName=X;gene_name=ABL1\n"))
        #expect(arriba.line == 2 && arriba.message.contains("before start"), "\(arriba)")
        let ucsc = try #require(scratch.error(
            DomainSources.ucscGenePfam, "ucscGenePfam.txt", "1234\tchr9\t130700000\t130800000\tPkinase_Tyr\t0\t+\t130700000\t130800000\t0\t1\t0,\t0,\n"))
        #expect(ucsc.line == 1 && ucsc.message.contains("blockSizes"), "\(ucsc)")

        // One whole chain of the real file (chr1 → chr1, reversed; lines 5579–5588).
        let chain = Array(try Self.realLines("liftover/hg19ToHg38.over.chain.gz", 5588)[5578...])
        let name = "hg19ToHg38.over.chain.gz"
        #expect(try scratch.importText(OptionalSources.liftoverChains, name, chain.joined(separator: "\n") + "\n") == chain.count - 1)
        for bad in ["1673769999999999999999999\t50041\t80290", "16x7376\t50041\t80290", "-167376\t50041\t80290", "354\t2"] {
            var damaged = chain
            damaged[3] = bad
            let error = try #require(scratch.error(OptionalSources.liftoverChains, name, damaged.joined(separator: "\n") + "\n"))
            #expect(error.line == 4 && error.message.contains("malformed chain block"), "\(error)")
        }
        // A repeated block line, or a last block cut off, no longer adds up to the span the header gives.
        var repeated = chain
        repeated.insert(chain[5], at: 6)
        let error = try #require(scratch.error(OptionalSources.liftoverChains, name, repeated.joined(separator: "\n") + "\n"))
        #expect(error.message.contains("does not add up"), "\(error)")
        let cut = try #require(scratch.error(OptionalSources.liftoverChains, name, chain.dropLast().joined(separator: "\n") + "\n"))
        #expect(cut.message.contains("does not add up"), "\(cut)")
    }

    @Test func repeatedRowsAreRefusedWhereARepeatWouldCountTwice() throws {
        let scratch = try Scratch()
        let lines = try Self.realLines("genes/cancermine.csv", 20)
        let error = try #require(scratch.error(GeneSources.cancerMine, "cancermine.csv", (lines + [lines[5]]).joined(separator: "\n") + "\n"))
        #expect(error.line == 21 && error.message.contains("repeats line 6"), "\(error)")
        let cosmic = try Self.realLines("fusions/cosmic_fusion_list.txt", 20)
        let repeated = try #require(scratch.error(FusionSources.cosmic, "cosmic_fusion_list.txt", (cosmic + [cosmic[7]]).joined(separator: "\n") + "\n"))
        #expect(repeated.line == 21 && repeated.message.contains("first on line 8"), "\(repeated)")
    }

    @Test func gzipCutShortNamesTheFile() throws {
        let scratch = try Scratch()
        let source = Fixtures.sharedFile("kb-sources/domains/maftools_prot_len.txt.gz")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: source)).prefix(20_000))
        do {
            try scratch.importFile(DomainSources.maftoolsProteinLengths, "maftools_prot_len.txt.gz", bytes, gzip: false)
            Issue.record("a truncated gzip imported")
        } catch let error as InputError {
            #expect(error.file.hasSuffix("maftools_prot_len.txt.gz") && error.line != nil && error.message.contains("truncated"), "\(error)")
        }
    }

    @Test func windowsLineEndsAndAByteOrderMarkReadLikeThePlainFile() throws {
        let scratch = try Scratch()
        for sample in [Self.headed[1], Self.headed[2], Self.headed[9]] {
            let lines = try Self.realLines(sample.path, 30)
            let plain = try scratch.importText(sample.optional, sample.name, lines.joined(separator: "\n") + "\n")
            let windows = try scratch.importText(sample.optional, sample.name, "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n")
            #expect(plain == windows && plain > 20, "\(sample.source)")
        }
    }

    @Test func realRowsStillImportWithTheirCounts() throws {
        // What the checks must not change: a correct source gives the rows it gave before.
        let scratch = try Scratch()
        #expect(try scratch.importText(FusionSources.cosmic, "cosmic_fusion_list.txt", try Self.realLines("fusions/cosmic_fusion_list.txt", 40).joined(separator: "\n") + "\n") == 38)
        #expect(try scratch.importText(FusionSources.conjoinG, "ConjoinG.txt", try Self.realLines("normal/ConjoinG.txt", 40).joined(separator: "\n") + "\n") == 40)
        #expect(try scratch.importText(FusionSources.greger, "Greger_Normal.txt", try Self.realLines("normal/Greger_Normal.txt", 40).joined(separator: "\n") + "\n") > 30)
        let dgidb = try Self.realLines("drugs/dgidb_interactions.tsv.gz", 200)
        let withGene = dgidb.dropFirst().filter { !$0.hasPrefix("\t") }.count
        #expect(try scratch.importText(GeneSources.dgidbInteractions, "dgidb_interactions.tsv.gz", dgidb.joined(separator: "\n") + "\n") == withGene)
    }

    // MARK: Source folders

    @Test func twoVersionsOfOneSourceAreRefusedAndLinksAreFollowedOnce() throws {
        let fm = FileManager.default
        let dir = try Fixtures.temporaryDirectory()
        let cosmic = try Self.realLines("fusions/cosmic_fusion_list.txt", 40).joined(separator: "\n") + "\n"
        try fm.createDirectory(at: dir.appendingPathComponent("a"), withIntermediateDirectories: true)
        try cosmic.write(to: dir.appendingPathComponent("a/cosmic_fusion_list.txt"), atomically: true, encoding: .utf8)
        // A link back to the folder (a loop) and a second link to the same file: one file, imported once.
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("a/again").path, withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: "a")
        let (found, _) = try KnowledgeBaseBuilder.discover([dir.path, dir.path])
        #expect(found.count == 1 && found[0].0.name == "COSMIC fusions")

        // A link that points at itself, named like a source.
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("ChimerKB.fusions").path, withDestinationPath: "ChimerKB.fusions")
        #expect(throws: InputError.self) { _ = try KnowledgeBaseBuilder.discover([dir.path]) }
        try fm.removeItem(at: dir.appendingPathComponent("ChimerKB.fusions"))

        // A second, different file for the same source.
        try fm.createDirectory(at: dir.appendingPathComponent("b"), withIntermediateDirectories: true)
        try String(cosmic.prefix(500)).write(to: dir.appendingPathComponent("b/cosmic_fusion_list.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try KnowledgeBaseBuilder.discover([dir.path])
            Issue.record("two COSMIC files were both accepted")
        } catch let error as KnowledgeBaseBuildError {
            #expect(error.description.contains("two files for COSMIC fusions") && error.description.contains("b/cosmic_fusion_list.txt"), "\(error)")
        }
    }

    // MARK: The whole build and its output

    /// `--out` naming a source file or a folder is refused before any work; the file and folder stay as they were.
    @Test func unsafeOutputIsRefusedUpFront() throws {
        let dir = try Fixtures.temporaryDirectory()
        let cosmic = try Self.realLines("fusions/cosmic_fusion_list.txt", 40).joined(separator: "\n") + "\n"
        let source = dir.appendingPathComponent("cosmic_fusion_list.txt").path
        try cosmic.write(toFile: source, atomically: true, encoding: .utf8)
        let cache = Fixtures.root.appendingPathComponent(".cache/kb-sources").path
        let same = try CLI.run(["kb", "build", "--cache", cache, "--source-dir", dir.path, "--out", source])
        #expect(same.status == 1 && same.stderr.contains("--out \(source) is the COSMIC fusions source file"), "\(same.stderr)")
        #expect(try String(contentsOfFile: source, encoding: .utf8) == cosmic)

        let folder = dir.appendingPathComponent("kb").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "keep\n".write(toFile: folder + "/keep.txt", atomically: true, encoding: .utf8)
        let intoFolder = try CLI.run(["kb", "build", "--cache", cache, "--out", folder])
        #expect(intoFolder.status == 1 && intoFolder.stderr.contains("it is a folder"), "\(intoFolder.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/keep.txt"))
    }

    /// A build that fails on a damaged source, and one interrupted by a signal, leave the existing knowledge base at
    /// `--out` byte for byte and no temporary file beside it.
    @Test(.timeLimit(.minutes(5))) func failedOrInterruptedBuildLeavesTheExistingKnowledgeBase() throws {
        let cache = Fixtures.root.appendingPathComponent(".cache/kb-sources").path
        guard FileManager.default.fileExists(atPath: cache + "/org.hs.eg.db") else {
            Issue.record("no core-source cache at \(cache): run 'make kb' once")
            return
        }
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let existing = out.appendingPathComponent("fusionboard.sqlite").path
        let original = Data("an existing knowledge base\n".utf8)
        try original.write(to: URL(fileURLWithPath: existing))
        func leftovers() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0 != "fusionboard.sqlite" } }

        // Ctrl-C (SIGINT) once the build has started writing its temporary file. The build is started as a shell
        // starts it (signals unblocked, default actions): a test runner's threads block signals, and children
        // started through Foundation's Process inherit that.
        let pid = try Self.spawnAsFromAShell(CLI.binary.path, ["kb", "build", "--cache", cache, "--out", existing])
        let deadline = Date().addingTimeInterval(60)
        while try leftovers().isEmpty && Date() < deadline { usleep(100_000) }
        #expect(try !leftovers().isEmpty, "the build writes a temporary file beside --out")
        kill(pid, SIGINT)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #expect(status & 0x7f == SIGINT, "the build ends by SIGINT (wait status \(status))")
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == original)
        #expect(try leftovers() == [], "no temporary file left")

        // A damaged source found after the core import (a row cut short in CancerMine).
        let sources = dir.appendingPathComponent("sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        var lines = try Self.realLines("genes/cancermine.csv", 30)
        lines[12] = lines[12].components(separatedBy: ",").prefix(5).joined(separator: ",")
        try (lines.joined(separator: "\n") + "\n").write(to: sources.appendingPathComponent("cancermine.csv"), atomically: true, encoding: .utf8)
        let failed = try CLI.run(["kb", "build", "--cache", cache, "--source-dir", sources.path, "--out", existing])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("\(sources.path)/cancermine.csv:13: 5 fields where the header has 8 columns"), "\(failed.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == original)
        #expect(try leftovers() == [], "no temporary file left")
    }
}
