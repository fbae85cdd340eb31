import Foundation
import Testing

@testable import FusionBoardCore

/// End to end through the built binary: knowledge base, score, report, exit codes.
@Suite("Walking skeleton")
struct WalkingSkeletonTests {
    @Test func kbInfoNamesTheCoreSourcesWithVersions() throws {
        let result = try CLI.run(["kb", "info"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("org.Hs.eg.db — version 3.16.0"))
        #expect(result.stdout.contains("UCSC refGene GRCh38 — version iannotatesv 1.3.0"))
        #expect(result.stdout.contains("bioframe assembly data — version 0.8.0"))
        let json = try CLI.run(["kb", "info", "--json"])
        let info = try JSONDecoder().decode(KnowledgeBaseInfo.self, from: Data(json.stdout.utf8))
        #expect((info.counts["transcript"] ?? 0) > 50_000)
        #expect((info.counts["gene"] ?? 0) > 60_000)
    }

    @Test func scoreListsKIF5BRETForItsPatient() throws {
        let result = try CLI.run(["score", Fixtures.sample("P001-lung-KIF5B-RET.vcf")])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = parseTSV(result.stdout)
        let header = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
        for column in ["sample", "sv_ids", "fusion", "gene5", "gene3", "chrom5", "pos5", "chrom3", "pos3", "frame", "driver_probability", "class", "top_evidence"] {
            #expect(header.split(separator: "\t").map(String.init).contains(column), "missing column \(column)")
        }
        let fusion = try #require(rows.first { $0["fusion"] == "KIF5B::RET" })
        #expect(fusion["gene5"] == "KIF5B")
        #expect(fusion["chrom5"] == "chr10")
        #expect(fusion["pos5"] == "32025000")
        #expect(fusion["pos3"] == "43115500")
        #expect(fusion["frame"] == "in-frame")
        let p = try #require(Double(fusion["driver_probability"] ?? ""))
        #expect(p >= 0 && p <= 1)
        // Both input record IDs, in breakend order.
        #expect(fusion["sv_ids"]?.split(separator: ",").count == 2)
    }

    @Test func reportContainsTheFusionAndTheSources() throws {
        let dir = try Fixtures.temporaryDirectory()
        let html = dir.appendingPathComponent("P001.html").path
        let result = try CLI.run(
            ["report", Fixtures.sample("P001-lung-KIF5B-RET.vcf"), "--sample", "P001", "-o", html],
            environment: ["SOURCE_DATE_EPOCH": "1764000000"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(text.contains("KIF5B(::)RET"))
        #expect(text.contains("org.Hs.eg.db"))
        #expect(text.contains("<!DOCTYPE html>"))
        #expect(!text.contains("raw HTML omitted"))
    }

    @Test func missingKnowledgeBaseExitsTwoAndSaysHowToBuild() throws {
        let result = try CLI.run(["score", Fixtures.sample("P001-lung-KIF5B-RET.vcf"), "--kb", "/nonexistent/kb.sqlite"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("make kb"))
    }

    @Test func corruptKnowledgeBaseExitsTwo() throws {
        let dir = try Fixtures.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.sqlite")
        try Data("this is not an SQLite database at all, just text padding padding padding".utf8).write(to: bad)
        let result = try CLI.run(["kb", "info", "--kb", bad.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("make kb"))
    }

    @Test func nonVCFInputExitsOneNamingFileAndLine() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("notes.txt")
        try Data("Dear board,\nplease find the results attached.\n".utf8).write(to: file)
        let result = try CLI.run(["score", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file.path):1:"))
    }

    @Test func unknownOptionIsAUsageErrorWithExitOne() throws {
        let result = try CLI.run(["score", "--no-such-option", "x.vcf"])
        #expect(result.status == 1)
    }
}

@Suite("Report without fusions")
struct ReportWithoutFusionsTests {
    /// A real DELLY 0.6.8 file (GRCh37) whose calls form no fusion: the report says so and makes no claim about a
    /// placeholder scorer (the trained models are shipped; nothing was scored).
    @Test func noFusionReportSaysSoWithoutPlaceholderBanner() throws {
        let dir = try Fixtures.temporaryDirectory()
        let html = dir.appendingPathComponent("delly.html").path
        let result = try CLI.run(
            ["report", Fixtures.sharedFile("cases/sv-vcf-dialects/delly-0.6.8.vcf"), "--sample", "DELLY", "-o", html, "--build", "GRCh37"])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(!page.contains("not yet from a trained model"))
        #expect(!page.contains("<section class=\"card\""))
        #expect(page.contains("none (no candidate fusion to score)"))
    }
}
