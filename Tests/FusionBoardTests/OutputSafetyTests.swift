import Foundation
import Testing

@testable import FusionBoardCore

#if canImport(Glibc)
    import Glibc
#endif

/// Helpers for the output-safety suites: a patient copied into a temporary folder, the binary run through
/// `/bin/sh` (closed standard output), file contents.
enum OutputFixtures {
    static let patient = Fixtures.sample("P001-lung-KIF5B-RET.vcf")

    /// A temporary folder holding a copy of the P001 sample patient as `name`.
    static func folderWithPatient(_ name: String = "a.vcf") throws -> (dir: URL, vcf: String) {
        let dir = try Fixtures.temporaryDirectory()
        let vcf = dir.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: patient, toPath: vcf)
        return (dir, vcf)
    }

    static func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Runs the binary with standard output closed (`>&-`).
    static func runWithStdoutClosed(_ arguments: [String], in directory: URL? = nil) throws -> CommandResult {
        try CLI.run(["__sh__"] + arguments, in: directory, shell: "exec \"$0\" \"$@\" >&-")
    }

    /// The file type bits of a path (without following a final symbolic link).
    static func type(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// A file whose folder is a regular file: no one, not even root, can create it.
    static func blockedPath(in dir: URL, _ name: String) throws -> String {
        let blocker = dir.appendingPathComponent("blocker").path
        if !FileManager.default.fileExists(atPath: blocker) { try Data("a file, not a folder\n".utf8).write(to: URL(fileURLWithPath: blocker)) }
        return blocker + "/" + name
    }
}

extension CLI {
    /// Runs the binary through `/bin/sh -c script binary arguments…` when the first argument is `__sh__`.
    static func run(_ arguments: [String], in directory: URL? = nil, shell script: String) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, binary.path] + arguments.dropFirst()
        var env = ProcessInfo.processInfo.environment
        env["FUSIONBOARD_KB"] = Fixtures.knowledgeBasePath
        process.environment = env
        process.currentDirectoryURL = directory ?? Fixtures.root
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

@Suite("Output files: never an input, never two at once")
struct OutputSamePathTests {
    @Test func anOutputThatIsAnInputIsRefusedAndTheInputKept() throws {
        let (dir, vcf) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = OutputFixtures.bytes(vcf)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.vcf").path, withDestinationPath: vcf)
        let runs: [[String]] = [
            ["score", "a.vcf", "-o", "a.vcf"],
            ["annotate", "a.vcf", "-o", "./sub/../a.vcf"],
            ["score", "link.vcf", "-o", "a.vcf"],  // the input through a symbolic link
            ["score", "a.vcf", "-o", "link.vcf"],  // the output through a symbolic link
            ["report", "a.vcf", "--sample", "X", "-o", "a.vcf"],
            ["report", "a.vcf", "--sample", "X", "-o", "r.html", "--json", "a.vcf"],
            ["report", "a.vcf", "--sample", "X", "-o", "r.html", "--tsv", dir.path + "/a.vcf"],
        ]
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for arguments in runs {
            let run = try CLI.run(arguments, in: dir)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr.contains("is the input"), "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("Choose another output path"))
            #expect(OutputFixtures.bytes(vcf) == original, "\(arguments) changed the input")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.html").path), "\(arguments) wrote before refusing")
        }
        #expect(OutputFixtures.type(dir.appendingPathComponent("link.vcf").path) == S_IFLNK)
    }

    @Test func twoOutputsOnOneFileAreRefused() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLI.run(["report", "a.vcf", "--sample", "X", "--markdown", "r.html", "-o", "r.html"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("-o r.html and --markdown r.html are the same file"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.html").path))
    }

    @Test func evaluateMayNotWriteOverItsTableOrTheKnowledgeBase() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = dir.appendingPathComponent("set.csv").path
        try FileManager.default.copyItem(atPath: Fixtures.sharedFile("evaluation/deeprior_test_set_1.csv"), toPath: table)
        let original = OutputFixtures.bytes(table)
        let predictions = try CLI.run(["evaluate", table, "--predictions", table])
        #expect(predictions.status == 1)
        #expect(predictions.stderr.contains("--predictions \(table) is the labelled table"), "\(predictions.stderr)")
        #expect(OutputFixtures.bytes(table) == original)
        let kb = try CLI.run(["score", OutputFixtures.patient, "-o", Fixtures.knowledgeBasePath])
        #expect(kb.status == 1)
        #expect(kb.stderr.contains("is the knowledge base"), "\(kb.stderr)")
    }

    @Test func theOutputPlanComparesResolvedPathsAndFileIdentity() throws {
        let (dir, vcf) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hardLink = dir.appendingPathComponent("hard.vcf").path
        #expect(link(vcf, hardLink) == 0)
        #expect(throws: ReportError.self) { try OutputPlan.check([("-o", hardLink)], reads: [("input", vcf)]) }
        #expect(throws: ReportError.self) { try OutputPlan.check([("-o", dir.path + "/./a.vcf")], reads: [("input", vcf)]) }
        let other = dir.appendingPathComponent("out.tsv").path
        let targets = try OutputPlan.check([("-o", other), ("--json", dir.appendingPathComponent("new/out.json").path)], reads: [("input", vcf)])
        #expect(targets.map(\.kind) == [.file, .file])
    }
}

@Suite("Output files: links, FIFOs, folders and failures")
struct OutputTargetTests {
    @Test func aSymbolicLinkIsFollowedAndKept() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("links"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("target"), withIntermediateDirectories: true)
        try Data("old\n".utf8).write(to: dir.appendingPathComponent("target/scores.tsv"))
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("links/link.tsv").path, withDestinationPath: "../target/scores.tsv")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("links/dangling.tsv").path, withDestinationPath: "../target/new.tsv")
        for name in ["link.tsv", "dangling.tsv"] {
            let run = try CLI.run(["score", "a.vcf", "-o", "links/\(name)"], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(OutputFixtures.type(dir.appendingPathComponent("links/\(name)").path) == S_IFLNK, "\(name) was replaced")
        }
        for name in ["scores.tsv", "new.tsv"] {
            let written = OutputFixtures.text(dir.appendingPathComponent("target/\(name)").path) ?? ""
            #expect(written.hasPrefix("sample\tsv_ids\tfusion"), "\(name): \(written.prefix(40))")
            #expect(written.contains("KIF5B::RET"))
        }
        // No temporary file is left beside the target or the link.
        for folder in ["links", "target"] {
            #expect(try fm.contentsOfDirectory(atPath: dir.appendingPathComponent(folder).path).allSatisfy { !$0.hasSuffix(".tmp") })
        }
    }

    @Test func aFIFOIsWrittenThroughNotReplaced() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("scores.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = DataBox()
        let reader = Thread {
            received.set(FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data())
        }
        reader.start()
        let run = try CLI.run(["score", "a.vcf", "-o", "scores.fifo"], in: dir)
        // Should the tool not have opened the FIFO, opening it here releases the reader.
        for _ in 0..<100 where !received.isSet {
            let release = open(fifo, O_WRONLY | O_NONBLOCK)
            if release >= 0 { close(release) }
            usleep(50_000)
        }
        let text = String(decoding: received.wait(), as: UTF8.self)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(OutputFixtures.type(fifo) == S_IFIFO, "the FIFO was replaced")
        #expect(text.hasPrefix("sample\tsv_ids\tfusion"))
        #expect(text.contains("KIF5B::RET"))
    }

    @Test func foldersAndFilesInThePathGetPlainMessages() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("existing"), withIntermediateDirectories: true)
        let folder = try CLI.run(["score", "a.vcf", "-o", "existing"], in: dir)
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("cannot write existing (-o): it is a folder; give a file path"), "\(folder.stderr)")
        let blocked = try OutputFixtures.blockedPath(in: dir, "out.tsv")
        let underFile = try CLI.run(["score", "a.vcf", "-o", blocked], in: dir)
        #expect(underFile.status == 1)
        #expect(underFile.stderr.contains("blocker is a file, not a folder"), "\(underFile.stderr)")
        for run in [folder, underFile] {
            #expect(!run.stderr.contains("NSCocoaErrorDomain") && !run.stderr.contains("error 512") && !run.stderr.contains("Code="), "\(run.stderr)")
        }
    }

    @Test func aReportWritesAllItsOutputsOrNone() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocked = try OutputFixtures.blockedPath(in: dir, "r.md")
        let run = try CLI.run(["report", "a.vcf", "--sample", "X", "-o", "r.html", "--json", "r.json", "--markdown", blocked], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("--markdown"), "\(run.stderr)")
        for name in ["r.html", "r.json"] {
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name) left behind")
        }
        if getuid() != 0 {  // root writes into read-only folders
            let locked = dir.appendingPathComponent("locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            chmod(locked.path, 0o555)
            defer { chmod(locked.path, 0o755) }
            let denied = try CLI.run(["report", "a.vcf", "--sample", "X", "-o", "r.html", "--markdown", "locked/r.md"], in: dir)
            #expect(denied.status == 1)
            #expect(denied.stderr.contains("the folder") && denied.stderr.contains("is not writable"), "\(denied.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.html").path))
        }
        let fine = try CLI.run(["report", "a.vcf", "--sample", "X", "-o", "r.html", "--json", "r.json", "--markdown", "deeper/r.md"], in: dir)
        #expect(fine.status == 0, "\(fine.stderr)")
        for name in ["r.html", "r.json", "deeper/r.md"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name) missing")
        }
    }

    @Test func aFailedWriteReplacesNoTargetAndLeavesNoTemporaryFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("first.txt").path
        try Data("previous\n".utf8).write(to: URL(fileURLWithPath: first))
        let targets = try OutputPlan.check([("-o", first), ("--json", dir.appendingPathComponent("later/second.json").path)], reads: [])
        // The second output's folder becomes a file between the check and the write.
        try Data("in the way\n".utf8).write(to: dir.appendingPathComponent("later"))
        #expect(throws: ReportError.self) { try AtomicFile.write([(targets[0], "new\n"), (targets[1], "{}\n")]) }
        #expect(OutputFixtures.text(first) == "previous\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["first.txt", "later"])
        // A replaced file keeps its permission bits.
        chmod(first, 0o600)
        try AtomicFile.write("new\n", to: try OutputTarget(first, option: "-o"))
        var info = stat()
        #expect(stat(first, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(OutputFixtures.text(first) == "new\n")
    }

    @Test func dashIsStandardOutputForTablesAndRefusedForReports() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let score = try CLI.run(["score", "a.vcf", "-o", "-"], in: dir)
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("KIF5B::RET"))
        let report = try CLI.run(["report", "a.vcf", "--sample", "X", "-o", "-"], in: dir)
        #expect(report.status == 1)
        #expect(report.stderr.contains("-o -: this output cannot go to standard output"), "\(report.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("-").path))
    }
}

@Suite("Standard output failures")
struct StandardOutputTests {
    @Test func aClosedStandardOutputIsAnErrorNotACrash() throws {
        let runs: [[String]] = [
            ["score", OutputFixtures.patient],
            ["annotate", OutputFixtures.patient],
            ["score", OutputFixtures.patient, "--output-format", "json"],
            ["explain", "KIF5B::RET"],
            ["kb", "info"],
            ["--help"],
        ]
        for arguments in runs {
            let run = try OutputFixtures.runWithStdoutClosed(arguments)
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("cannot write to standard output: "), "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"), "\(arguments)")
        }
    }

    @Test func aReportWithStandardOutputClosedIsWrittenAndTheLostSummaryReported() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try OutputFixtures.runWithStdoutClosed(["report", "a.vcf", "--sample", "X", "-o", "r.html"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot write to standard output"), "\(run.stderr)")
        #expect(OutputFixtures.text(dir.appendingPathComponent("r.html").path)?.contains("KIF5B") == true)
    }

    /// `-o /dev/stdout` (or `/dev/fd/1`) with standard output closed is refused before any work: the descriptor
    /// the tool holds with `/dev/null` is not where the user asked the table to go. A closed `/dev/fd/N` is
    /// refused too, never created as a file.
    @Test func namingAClosedDescriptorAsAnOutputIsAnError() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        for path in ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
            let run = try OutputFixtures.runWithStdoutClosed(["score", "a.vcf", "-o", path], in: dir)
            #expect(run.status == 1, "\(path): \(run.stderr)")
            #expect(run.stderr.contains("cannot write \(path) (-o): standard output is closed"), "\(path): \(run.stderr)")
        }
        let run = try CLI.run(["score", "a.vcf", "-o", "/dev/fd/999"], in: dir)
        #expect(run.status == 1 && run.stderr.contains("descriptor 999 is closed"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.vcf"])
    }

    @Test func filesOpenedWithStandardOutputClosedDoNotTakeItsPlace() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try OutputFixtures.runWithStdoutClosed(["score", "a.vcf", "-o", "out.tsv"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let written = OutputFixtures.text(dir.appendingPathComponent("out.tsv").path) ?? ""
        #expect(written.hasPrefix("sample\tsv_ids"))
        #expect(written.components(separatedBy: "\n").filter { $0.hasPrefix("sample\t") }.count == 1)
    }
}

@Suite("Option and knowledge-base checks")
struct OptionCheckTests {
    @Test func llmTimeoutMustBeAFiniteSaneNumberOfSeconds() throws {
        for value in ["nan", "inf", "-inf", "0", "-1", "1e9"] {
            for command in [["score", OutputFixtures.patient], ["report", OutputFixtures.patient, "--sample", "X", "-o", "/nonexistent-dir/r.html"]] {
                let run = try CLI.run(command + ["--llm-timeout=\(value)", "--llm-endpoint", "http://127.0.0.1:9/v1", "--llm-model", "m"])
                #expect(run.status == 1, "\(command[0]) \(value): \(run.stderr)")
                #expect(run.stderr.contains("--llm-timeout must be a number of seconds above 0 and at most 3600"), "\(value): \(run.stderr)")
            }
        }
    }

    @Test func anEmptySampleIsAUsageError() throws {
        for command in [["report", OutputFixtures.patient, "-o", "/nonexistent-dir/r.html"], ["score", OutputFixtures.patient], ["annotate", OutputFixtures.patient]] {
            let run = try CLI.run(command + ["--sample", ""])
            #expect(run.status == 1, "\(command[0])")
            #expect(run.stderr.contains("--sample must not be empty"), "\(run.stderr)")
        }
    }

    @Test func aKnowledgeBaseFolderIsNamedAsSuch() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLI.run(["score", OutputFixtures.patient, "--kb", dir.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is a folder, not a file; pass the .sqlite file with --kb FILE"), "\(run.stderr)")
        #expect(!run.stderr.contains("disk I/O error"))
    }

    @Test func aKnowledgeBaseWithoutGenesIsUnusable() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("empty.sqlite").path
        do {
            let db = try SQLiteConnection(path: path, readOnly: false)
            for statement in KnowledgeBaseSchema.statements { try db.execute(statement) }
            try db.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '\(KnowledgeBaseSchema.version)')")
        }
        #expect(throws: KnowledgeBaseError.self) { try KnowledgeBase(path: path) }
        let run = try CLI.run(["score", OutputFixtures.patient, "--kb", path])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("has no genes; rebuild it with 'make kb'"), "\(run.stderr)")
    }
}

@Suite("Cohort: every patient it can")
struct CohortRobustnessTests {
    static let samples = ["P001-lung-KIF5B-RET.vcf", "P002-lung-EML4-ALK.vcf"]

    /// A folder with copies of the first two sample patients, a malformed VCF and `manifest.tsv` holding `rows`.
    static func cohort(_ rows: [String], header: String = "sample\tpath\ttumor_type") throws -> (dir: URL, manifest: String) {
        let dir = try Fixtures.temporaryDirectory()
        for name in samples { try FileManager.default.copyItem(atPath: Fixtures.sample(name), toPath: dir.appendingPathComponent(name).path) }
        var bad = (OutputFixtures.text(Fixtures.sample(samples[0])) ?? "").components(separatedBy: "\n")
        let record = bad.firstIndex { !$0.hasPrefix("#") && !$0.isEmpty }!
        var fields = bad[record].components(separatedBy: "\t")
        fields[1] = "81O50211"
        bad[record] = fields.joined(separator: "\t")
        try Data(bad.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("bad.vcf"))
        let manifest = dir.appendingPathComponent("manifest.tsv").path
        try Data(([header] + rows).joined(separator: "\n").appending("\n").utf8).write(to: URL(fileURLWithPath: manifest))
        return (dir, manifest)
    }

    @Test func aFailingPatientIsListedAndTheOthersWritten() throws {
        let (dir, manifest) = try Self.cohort([
            "P001\tP001-lung-KIF5B-RET.vcf\tLung", "BAD\tbad.vcf\tLung", "GONE\tmissing.vcf\tLung", "P002\tP002-lung-EML4-ALK.vcf\tLung",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let run = try CLI.run(["cohort", manifest, "-o", out.path, "--jobs", "2"], environment: ReportPage.epoch)
        #expect(run.status == 1)
        #expect(run.stderr.contains("2 of 4 patients failed"), "\(run.stderr)")
        #expect(run.stderr.contains("BAD (manifest line 3): \(dir.path)/bad.vcf:"), "\(run.stderr)")
        #expect(run.stderr.contains("GONE (manifest line 4): "), "\(run.stderr)")
        for sample in ["P001", "P002"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(sample).html").path), "\(sample) not written")
        }
        for sample in ["BAD", "GONE"] {
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("\(sample).html").path))
        }
        let index = OutputFixtures.text(out.appendingPathComponent("index.html").path) ?? ""
        #expect(index.contains("BAD (manifest line 3)") && index.contains("GONE (manifest line 4)"))
        let merged = parseTSV(OutputFixtures.text(out.appendingPathComponent("cohort.fusions.tsv").path) ?? "")
        #expect(Set(merged.compactMap { $0["sample"] }) == ["P001", "P002"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).allSatisfy { !$0.hasPrefix(".") }, "scratch files left")
    }

    @Test func aPatientThatCrashesFailsAlone() throws {
        let (dir, manifest) = try Self.cohort(["P001\tP001-lung-KIF5B-RET.vcf\tLung", "CRASH\tP002-lung-EML4-ALK.vcf\tLung"])
        defer { try? FileManager.default.removeItem(at: dir) }
        // The real binary, except that the patient CRASH dies of SIGILL (as a failed runtime check does).
        let wrapper = dir.appendingPathComponent("fusionboard-wrapper").path
        let script = """
            #!/bin/sh
            for a in "$@"; do [ "$a" = "--sample=CRASH" ] && kill -ILL $$; done
            exec '\(CLI.binary.path)' "$@"
            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: wrapper))
        chmod(wrapper, 0o755)
        let out = dir.appendingPathComponent("out").path
        let templates = Fixtures.root.appendingPathComponent("Templates").path
        let runner = CohortRunner(
            knowledgeBasePath: Fixtures.knowledgeBasePath, templatesDirectory: templates, outputDirectory: out, jobs: 2, executable: wrapper)
        let result = try runner.run(try CohortManifest.read(manifest), generatedAt: Date(timeIntervalSince1970: 1_764_028_800))
        #expect(result.written == [out + "/P001.html"])
        #expect(result.failures.count == 1)
        #expect(result.failures.first?.hasPrefix("CRASH (manifest line 3): the analysis stopped with signal \(SIGILL)") == true, "\(result.failures)")
        #expect(result.failures.first?.contains("This is a bug in fusionboard") == true)
        let merged = parseTSV(OutputFixtures.text(out + "/cohort.fusions.tsv") ?? "")
        #expect(!merged.isEmpty && merged.allSatisfy { $0["sample"] == "P001" })
        #expect(OutputFixtures.text(out + "/index.html")?.contains("CRASH") == true)
    }

    @Test func reportNamesThatWouldCollideAreRefusedUpFront() throws {
        let cases: [(rows: [String], expected: [String])] = [
            (["P001\tP001-lung-KIF5B-RET.vcf\tLung", "P001\tP002-lung-EML4-ALK.vcf\tLung"], ["line 3: sample 'P001' is already on line 2"]),
            (["a/b\tP001-lung-KIF5B-RET.vcf\tLung", "a_b\tP002-lung-EML4-ALK.vcf\tLung"], ["line 3: sample 'a_b' and line 2: 'a/b' would both be written as a_b.html"]),
            (["index\tP001-lung-KIF5B-RET.vcf\tLung"], ["line 2: sample 'index' would be written as index.html, which is the cohort index"]),
            (["P001\tP001-lung-KIF5B-RET.vcf\tLung", "p001\tP002-lung-EML4-ALK.vcf\tLung"], ["line 3: sample 'p001' and line 2: 'P001' differ only in case"]),
        ]
        for (rows, expected) in cases {
            let (dir, manifest) = try Self.cohort(rows)
            defer { try? FileManager.default.removeItem(at: dir) }
            let out = dir.appendingPathComponent("out")
            let run = try CLI.run(["cohort", manifest, "-o", out.path])
            #expect(run.status == 1, "\(rows)")
            for text in expected { #expect(run.stderr.contains(text), "\(run.stderr)") }
            #expect(run.stderr.contains(manifest))
            #expect(!FileManager.default.fileExists(atPath: out.path), "written before refusing")
        }
    }

    @Test func aManifestWithAByteOrderMarkReadsNormally() throws {
        let (dir, manifest) = try Self.cohort(["P001\tP001-lung-KIF5B-RET.vcf\tLung"], header: "\u{FEFF}sample\tpath\ttumor_type")
        defer { try? FileManager.default.removeItem(at: dir) }
        let entries = try CohortManifest.read(manifest)
        #expect(entries.map(\.sample) == ["P001"])
        #expect(entries.first?.tumorType == "Lung")
    }

    @Test func outputsAreCheckedBeforeAnyPatientRuns() throws {
        let (dir, manifest) = try Self.cohort(["P001\tP001-lung-KIF5B-RET.vcf\tLung"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("existing.txt").path
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: file))
        let intoFile = try CLI.run(["cohort", manifest, "-o", file])
        #expect(intoFile.status == 1)
        #expect(intoFile.stderr.contains("-o \(file) is a file, not a folder"), "\(intoFile.stderr)")
        #expect(!intoFile.stderr.contains("NSCocoaErrorDomain"))
        // A patient's input named like another patient's report in the output folder.
        try FileManager.default.copyItem(atPath: dir.appendingPathComponent("P001-lung-KIF5B-RET.vcf").path, toPath: dir.appendingPathComponent("P002.html").path)
        let clash = dir.appendingPathComponent("clash.tsv").path
        try Data("sample\tpath\nP001\tP002.html\nP002\tP002-lung-EML4-ALK.vcf\n".utf8).write(to: URL(fileURLWithPath: clash))
        let overInput = try CLI.run(["cohort", clash, "-o", dir.path])
        #expect(overInput.status == 1)
        #expect(overInput.stderr.contains("P002.html is the input"), "\(overInput.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("P001.html").path))
    }
}

/// Data handed from a reader thread to the test.
private final class DataBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?
    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.signal()
        condition.unlock()
    }
    var isSet: Bool {
        condition.lock()
        defer { condition.unlock() }
        return data != nil
    }
    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data!
    }
}
