import Foundation
import Testing

@testable import FusionBoardCore

/// The 10 kb gene flanks (docs/KNOWLEDGE-BASE.md, "Display transcripts and frame"), on real labelled
/// fusions of the DEEPrior training set (GRCh37 rows, lifted with the knowledge base's chain).
@Suite struct AnnotationFlankTests {
    /// The labelled rows of one pair, with their junctions.
    func rows(_ pair: String) throws -> (KnowledgeBase, [LabelledFusion]) {
        let kb = try Fixtures.knowledgeBase()
        let all = try LabelledReader(path: Fixtures.sharedFile("evaluation/deeprior_training_set.csv"), liftover: try kb.liftover()).readRows()
        return (kb, all.filter { $0.pair == pair && $0.junction != nil })
    }

    @Test func aNamedFivePrimeGeneMayEndJustPastItsAnnotatedEnd() throws {
        let (kb, rows) = try rows("C2orf44_ALK")  // WDCP::ALK (C2orf44 is WDCP's former symbol)
        try #require(!rows.isEmpty)
        let annotator = try Annotator(knowledgeBase: kb)
        var sawFlank = false
        for row in rows {
            let junction = try #require(row.junction)
            let named = try annotator.annotate(junction)
            guard let fusion = named.fusions.first else { continue }
            #expect(fusion.fivePrime.gene == "WDCP" && fusion.threePrime.gene == "ALK")
            if fusion.fivePrime.location.region == .downstream {
                sawFlank = true
                // The whole 5′ gene is kept, and the flank is said in words.
                #expect(fusion.fivePrime.keptExons?.upperBound == fusion.fivePrime.transcript.exonCount)
                #expect(fusion.fivePrime.location.label.hasPrefix("downstream ("))
                // The same breakends from a DNA caller (no named genes) make no WDCP 5′ partner.
                var dna = junction
                dna.namedGene5 = nil
                dna.namedGene3 = nil
                #expect(try annotator.annotate(dna).fusions.allSatisfy { $0.fivePrime.gene != "WDCP" })
                // A flank hit is not a gene the breakend hits: the WDCP breakend lists no WDCP.
                let wdcpEnd = [named.annotation1, named.annotation2!].first { $0.flankHits.contains { $0.transcript.geneSymbol == "WDCP" } }
                #expect(wdcpEnd.map { !$0.genes.contains("WDCP") } == true)
                // …but the table row names the flank gene the fusion took, with the distance, not "intergenic".
                #expect(wdcpEnd?.namedFlankGenes == ["WDCP"] && wdcpEnd?.shownGenes.contains("WDCP") == true)
                #expect(wdcpEnd?.regionSummary.hasPrefix("WDCP:downstream (") == true, "\(wdcpEnd?.regionSummary ?? "")")
                let dnaEnd = try annotator.annotate(dna)
                #expect([dnaEnd.annotation1, dnaEnd.annotation2!].allSatisfy { $0.namedFlankGenes.isEmpty && !$0.regionSummary.contains("WDCP:") })
            }
        }
        #expect(sawFlank, "no C2orf44_ALK row ends past WDCP's refGene end any more; pick another row")
    }

    @Test func aFlankCountsOnlyForTheGeneAnRNACallerNames() throws {
        let kb = try Fixtures.knowledgeBase()
        let annotator = try Annotator(knowledgeBase: kb)
        // ERG (minus strand): a breakend upstream of its longest transcript's start, joined to TMPRSS2 intron 1
        // as a deletion would (ERG keeps its body on the left; TMPRSS2 keeps exon 1, its rightmost, on the right).
        let erg = try #require(try kb.transcripts(chromosome: "21", from: 38_380_000, to: 38_670_000).filter { $0.geneSymbol == "ERG" }.max { $0.end < $1.end })
        let tmprss2 = try #require(try kb.transcripts(chromosome: "21", from: 41_460_000, to: 41_540_000).first { $0.geneSymbol == "TMPRSS2" })
        let intron1 = tmprss2.exonStarts[tmprss2.exonCount - 1] - 500
        func fusion(_ distance: Int, named: Bool) throws -> FusionCandidate? {
            let junction = Junction(
                recordIDs: ["a", "b"], first: Breakend(id: "a", position: GenomicPosition(chromosome: "21", position: erg.end + distance), keptSide: .left),
                second: Breakend(id: "b", position: GenomicPosition(chromosome: "21", position: intron1), keptSide: .right),
                svType: named ? .rnaFusion : .deletion, line: 1, namedGene5: named ? "TMPRSS2" : nil, namedGene3: named ? "ERG" : nil)
            return try annotator.annotate(junction).fusions.first { $0.fivePrime.gene == "TMPRSS2" && $0.threePrime.gene == "ERG" }
        }
        // The 2 kb promoter: any caller.
        for named in [false, true] {
            let f = try #require(try fusion(1_500, named: named))
            #expect(f.threePrime.location.region == .promoter && f.threePrime.keptExons?.lowerBound == 1)
        }
        // 6 kb upstream: only when an RNA caller named ERG.
        #expect(try fusion(6_000, named: false) == nil)
        let named = try #require(try fusion(6_000, named: true))
        #expect(named.threePrime.location.region == .upstream && named.threePrime.location.distanceToTSS == 6_000)
        #expect(named.threePrime.keptExons?.lowerBound == 1)
        // Beyond 10 kb: intergenic for everyone.
        #expect(try fusion(15_000, named: true) == nil)
    }

    @Test func theReportSaysWhenAPartnerWasTakenFromItsFlank() throws {
        // The WDCP::ALK training row as a STAR-Fusion call (GRCh38 positions from the lifted row).
        let (_, rows) = try rows("C2orf44_ALK")
        let junction = try #require(rows.first?.junction)
        let p5 = junction.first.position, p3 = try #require(junction.second?.position)
        let dir = try Fixtures.temporaryDirectory()
        let table = dir.appendingPathComponent("wdcp.tsv").path
        try ("#FusionName\tJunctionReadCount\tSpanningFragCount\tLeftGene\tLeftBreakpoint\tRightGene\tRightBreakpoint\n"
            + "C2orf44--ALK\t12\t5\tC2orf44^ENSG00000157833.10\tchr\(p5.chromosome):\(p5.position):-\tALK^ENSG00000171094.15\tchr\(p3.chromosome):\(p3.position):-\n")
            .write(toFile: table, atomically: true, encoding: .utf8)
        let html = dir.appendingPathComponent("r.html").path, json = dir.appendingPathComponent("r.json").path
        let run = try CLI.run(["report", table, "--sample", "RNA1", "--build", "GRCh38", "-o", html, "--json", json])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONDecoder().decode(CaseReport.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        let fusion = try #require(report.fusions.first)
        #expect(fusion.caveats.contains { $0.hasPrefix("WDCP: the caller's junction lies") && $0.contains("bp past the end") })
    }
}
