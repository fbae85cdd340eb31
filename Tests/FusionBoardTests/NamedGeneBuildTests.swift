import Foundation
import Testing

@testable import FusionBoardCore

/// The build check on the genes an RNA caller named (``Pipeline/read(_:options:)``, ``NamedGeneAgreement``), on
/// real callers' files that do not name their build.
@Suite struct NamedGeneBuildTests {
    typealias F = InputFixtures

    /// BT474's STAR-Fusion calls name no build and have no position past a GRCh38 chromosome end, but the genes
    /// STAR-Fusion named (THRA, ACACA, STAC2 …) lie at their breakpoints only in GRCh37: the file is read as GRCh37,
    /// with the same junctions as with `--build GRCh37`, a warning giving both counts and the provenance saying why.
    @Test func namedGenesAwayFromTheirBreakpointsMakeAnUnnamedBuildGRCh37() throws {
        let pipeline = try F.pipeline()
        let kb = pipeline.knowledgeBase
        let path = Fixtures.sharedFile("cases/rna-fusion-calls/BT474.star-fusion.tsv")
        let asGRCh38 = try NamedGeneAgreement.of(F.read(path, F.options(build: .grch38)), in: kb)
        let stated = try F.read(path, F.options(build: .grch37))
        let asGRCh37 = try NamedGeneAgreement.of(stated, in: kb)
        #expect(asGRCh38.checked >= NamedGeneAgreement.minimumChecked && !asGRCh38.fits, "\(asGRCh38)")
        #expect(asGRCh37.fits, "\(asGRCh37)")

        let guessed = try pipeline.read(path, options: pipeline.options.input)
        #expect(guessed.build == .grch37 && guessed.buildEvidence == .namedGenes)
        #expect(guessed.junctions.map(\.first.position) == stated.junctions.map(\.first.position))
        #expect(guessed.junctions.map { $0.second?.position } == stated.junctions.map { $0.second?.position })
        let warning = try #require(guessed.warnings.first)
        #expect(warning.contains("only \(asGRCh38.summary) genes its caller named lie at their breakpoints in GRCh38"), "\(warning)")
        #expect(warning.contains("but \(asGRCh37.summary) when it is read as GRCh37; read as GRCh37"), "\(warning)")
        #expect(!guessed.warnings.contains { $0.contains("assuming GRCh38") })
        #expect(guessed.sha256 == stated.sha256 && !guessed.sha256.isEmpty)

        // A stated build is never changed; the mismatch is still said.
        let insisted = try pipeline.read(path, options: F.options(build: .grch38))
        #expect(insisted.build == .grch38 && insisted.buildEvidence == .commandLine)
        #expect(insisted.warnings.first?.contains("check the build and the gene names") == true, "\(insisted.warnings)")
    }

    /// Arriba's K562 BCR::ABL1 (one row, no build named): read as GRCh38 the breakpoints fall in DRICH1 and SARDH and
    /// no fusion forms; the two named genes put it in GRCh37, and `score` without `--build` gives the fusion
    /// `--build GRCh37` gives, at the same GRCh38 positions.
    @Test func arribaK562WithoutABuildGivesBCRABL1() throws {
        let path = Fixtures.sharedFile("cases/rna-fusion-calls/arriba_K562_fusions.tsv")
        let guessed = try CLI.run(["score", path])
        let stated = try CLI.run(["score", path, "--build", "GRCh37"])
        #expect(guessed.status == 0 && stated.status == 0, "\(guessed.stderr)\(stated.stderr)")
        let rows = parseTSV(guessed.stdout), expected = parseTSV(stated.stdout)
        let bcrABL1 = try #require(rows.first { $0["fusion"] == "BCR::ABL1" }, "\(guessed.stdout)\n\(guessed.stderr)")
        let statedRow = try #require(expected.first { $0["fusion"] == "BCR::ABL1" })
        #expect(bcrABL1["pos5"] == statedRow["pos5"] && bcrABL1["pos3"] == statedRow["pos3"])
        #expect(guessed.stderr.contains("0 of 2 genes its caller named lie at their breakpoints in GRCh38 but 2 of 2 when it is read as GRCh37"), "\(guessed.stderr)")
        // The report's Methods table says why the input was read as GRCh37, in the report's language.
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (language, evidence) in [("en", "GRCh37 (genes the caller named at their breakpoints)"), ("ja", "GRCh37 (コーラーが示した遺伝子が切断点に位置するビルド)")] {
            let html = dir.appendingPathComponent("K562-\(language).html").path
            let run = try CLI.run(["report", path, "--sample", "K562", "--language", language, "-o", html])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try String(contentsOfFile: html, encoding: .utf8).contains(evidence), "\(language)")
        }
    }

    /// A GRCh38 call set whose named genes are at their breakpoints keeps the GRCh38 default, with no word on names.
    @Test func namedGenesAtTheirBreakpointsKeepTheDefault() throws {
        let pipeline = try F.pipeline()
        let path = Fixtures.sharedFile("cases/rna-fusion-calls/deeprior_FusionCatcher_out_example.txt")
        let set = try pipeline.read(path, options: pipeline.options.input)
        #expect(try NamedGeneAgreement.of(set, in: pipeline.knowledgeBase).fits)
        #expect(set.build == .grch38 && set.buildEvidence == .defaulted)
        #expect(!set.warnings.contains { $0.contains("genes its caller named") }, "\(set.warnings)")
        #expect(set.warnings.contains { $0.contains("assuming GRCh38") })
    }

    /// Named genes that fit neither build (BT474's breakpoints relabelled TP53--EGFR): the build stays the default
    /// and a warning says that the names and positions disagree in both builds.
    @Test func namedGenesFittingNeitherBuildAreSaid() throws {
        let pipeline = try F.pipeline()
        let lines = try String(contentsOfFile: Fixtures.sharedFile("cases/rna-fusion-calls/BT474.star-fusion.tsv"), encoding: .utf8)
            .split(separator: "\n").prefix(12)
        let relabelled = lines.enumerated().map { i, line -> String in
            guard i > 0 else { return String(line) }
            var fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            fields[0] = "TP53--EGFR"
            fields[4] = "TP53^ENSG00000141510.11"
            fields[6] = "EGFR^ENSG00000146648.11"
            return fields.joined(separator: "\t")
        }
        let path = try F.write(relabelled.joined(separator: "\n") + "\n", name: "relabelled.star-fusion.tsv")
        let set = try pipeline.read(path, options: pipeline.options.input)
        #expect(set.build == .grch38 && set.buildEvidence == .defaulted)
        let warning = try #require(set.warnings.first)
        #expect(warning.contains("when it is read as GRCh37); check the build and the gene names"), "\(warning)")
    }
}
