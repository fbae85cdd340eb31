import Foundation
import Testing

@testable import FusionBoardCore

/// RNA callers read as fusion tables by their column names (EricScript, JAFFA's CSV, ChimPIPE's juncCoord), on the
/// DEEPrior example outputs in ../shared/cases, and kept sides from the named genes when a file gives no strands.
@Suite struct RNACallerTableTests {
    typealias F = InputFixtures

    /// Data rows of a caller's file (header and `#` lines excluded).
    static func dataRows(_ path: String) throws -> [Substring] {
        Array(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst())
    }

    /// EricScript: GeneName1 with chr1/Breakpoint1/strand1 is the 5′ partner, GeneName2 the 3′; every row is an RNA
    /// junction naming both genes, with kept sides from the strands, and the rows' named pairs are the fusions formed.
    @Test func ericScriptRowsNameTheirPartners() throws {
        let path = Fixtures.sharedFile("cases/rna-fusion-calls/deeprior_EricScript_out_example.tsv")
        let set = try F.read(path)
        let rows = try Self.dataRows(path)
        #expect(set.format == .table)
        #expect(set.events.count == rows.count)
        for (junction, row) in zip(set.junctions, rows) {
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(junction.namedGene5 == String(fields[0]) && junction.namedGene3 == String(fields[1]))
            #expect(junction.first.inputPosition == GenomicPosition(chromosome: String(fields[2]), position: Int(fields[3])!))
            #expect(junction.second?.inputPosition == GenomicPosition(chromosome: String(fields[5]), position: Int(fields[6])!))
            #expect(junction.svType == .rnaFusion && junction.first.keptSide != nil && junction.second?.keptSide != nil)
            #expect(junction.support.spanningPairs == Int(fields[10]) && junction.support.splitReads == Int(fields[11]))
        }
        // Taking GeneName1 as 5′ forms the named fusion on most rows (the other order would make 5′–5′ joins).
        let analysis = try F.pipeline().analyse([set], sample: "ERIC", tumorType: nil)
        let kb = try Fixtures.knowledgeBase()
        let named = Set(try set.junctions.map { "\(try kb.currentSymbol($0.namedGene5!))::\(try kb.currentSymbol($0.namedGene3!))" })
        let formed = Set(analysis.fusions.map(\.fusion.name))
        #expect(formed.isSubset(of: named), "\(formed.subtracting(named))")
        #expect(formed.count * 2 > named.count, "\(formed) of \(named)")
    }

    /// FusionCatcher's final-list: Spanning_unique_reads are the junction (split) reads, Spanning_pairs the spanning pairs.
    @Test func fusionCatcherRowsCarryTheirSplitReadsAndSpanningPairs() throws {
        let path = Fixtures.sharedFile("cases/rna-fusion-calls/deeprior_FusionCatcher_out_example.txt")
        let set = try F.read(path)
        let rows = try Self.dataRows(path)
        let header = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[0].split(separator: "\t").map(String.init)
        let pairs = try #require(header.firstIndex(of: "Spanning_pairs")), unique = try #require(header.firstIndex(of: "Spanning_unique_reads"))
        #expect(set.junctions.count == rows.count)
        for (junction, row) in zip(set.junctions, rows) {
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(junction.support.splitReads == Int(fields[unique]) && junction.support.spanningPairs == Int(fields[pairs]))
        }
        #expect(set.junctions.contains { ($0.support.splitReads ?? 0) > 0 })
    }

    /// JAFFA's results.csv: comma-separated with quotes, `RLF:MYCL` names 5′:3′, chrom1/base1 is the 5′ break, and there
    /// are no strands — the kept sides come from RLF's and MYCL's strands in the gene model, as the note says.
    @Test func jaffaCSVGivesRLFMYCLWithSidesFromTheNamedGenes() throws {
        let pipeline = try F.pipeline()
        let path = Fixtures.sharedFile("cases/rna-fusion-calls/deeprior_JAFFA_out_example.csv")
        let set = try pipeline.read(path, options: pipeline.options.input)
        #expect(set.format == .table)
        #expect(set.events.count == (try Self.dataRows(path)).count)
        let first = try #require(set.junctions.first)
        #expect(first.namedGene5 == "RLF" && first.namedGene3 == "MYCL")
        #expect(first.first.keptSide == nil && first.second?.keptSide == nil)
        #expect(first.support.splitReads == 78 && first.support.spanningPairs == 534)
        let analysis = try pipeline.analyse([set], sample: "JAFFA", tumorType: nil)
        let rlfMycl = try #require(analysis.fusions.first { $0.fusion.name == "RLF::MYCL" })
        // The 5′ gene keeps the piece it is transcribed from (+: left), the 3′ gene the piece it continues into (+: right).
        let kb = pipeline.knowledgeBase
        let strand5 = try #require(try kb.gene(named: "RLF")?.strand), strand3 = try #require(try kb.gene(named: "MYCL")?.strand)
        #expect(rlfMycl.fusion.breakend5.keptSide == (strand5 == "+" ? .left : .right))
        #expect(rlfMycl.fusion.breakend3.keptSide == (strand3 == "+" ? .right : .left))
        let event = try #require(analysis.events.first { $0.fusions.contains("RLF::MYCL") })
        #expect(event.note?.contains("kept sides from the strands of the genes the caller named") == true, "\(event.note ?? "")")
        // A cut line of a comma-separated file is refused with its line and the separator it should use.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let cut = try F.write(lines[0] + "\n" + lines[1] + "\n" + lines[2].prefix(30) + "\n", name: "cut.csv")
        let error = try #require(F.error(cut))
        #expect(error.line == 3 && error.message.contains("comma-separated columns"), "\(error)")
    }

    /// ChimPIPE: `juncCoord` gives the donor (5′) and acceptor (3′) with their strands.
    @Test func chimPipeJunctionCoordinatesGiveDonorAndAcceptor() throws {
        let path = Fixtures.sharedFile("cases/rna-fusion-calls/deeprior_ChimPIPE_out_example.txt")
        let set = try F.read(path, F.options(build: .grch37))
        let rows = try Self.dataRows(path)
        #expect(set.events.count == rows.count)
        let text = try #require(rows.first?.split(separator: "\t").first)
        let sides = text.split(separator: ":")
        for (breakend, side) in zip([set.junctions[0].first, set.junctions[0].second!], sides) {
            let parts = side.split(separator: "_")
            #expect(breakend.inputPosition == GenomicPosition(chromosome: String(parts[0].dropFirst(3)), position: Int(parts[1])!))
        }
        // Donor on − keeps the right piece (it is transcribed leftwards into the junction); acceptor on − the left.
        #expect(sides[0].hasSuffix("_-") && set.junctions[0].first.keptSide == .right && set.junctions[0].second?.keptSide == .left)
        let analysis = try F.pipeline().analyse([set], sample: "CHIMPIPE", tumorType: nil)
        #expect(analysis.fusions.contains { $0.fusion.name == "RLF::TRIT1" })
        #expect(FusionText.chimPipeJunction("chrUn_gl000220_1500_+:chr1_2000_-")?.0.chromosome == "chrUn_gl000220")
        #expect(FusionText.chimPipeJunction("chr1_x_+:chr1_2000_-") == nil)
    }

    /// PRADA: Gene_A (5′) and Gene_B (3′) with their gene strands (1/−1); each row is one event whose junctions are
    /// the items of its `Junction` list (`A:chr:pos_B:chr:pos,reads|…`); JSR_n split reads, Discordant_n pairs.
    @Test func pradaRowsAreEventsWithTheirJunctionLists() throws {
        let path = Fixtures.sharedFile("cases/rna-fusion-calls/deeprior_PRADA_out_example.txt")
        let set = try F.read(path, F.options(build: .grch37))
        let rows = try Self.dataRows(path)
        #expect(set.format == .table && set.events.count == rows.count)
        for (event, row) in zip(set.events, rows) {
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
            let junctions = fields[11].split(separator: "|")
            #expect(event.junctionIndices.count == junctions.count && junctions.count == Int(fields[9]))
            let first = set.junctions[event.junctionIndices[0]]
            #expect(first.namedGene5 == String(fields[0]) && first.namedGene3 == String(fields[1]))
            #expect(first.support.spanningPairs == Int(fields[6]) && first.support.splitReads == Int(fields[7]))
            for (index, item) in zip(event.junctionIndices, junctions) {
                let parts = item.split(separator: ",")[0].split(separator: ":")
                let j = set.junctions[index]
                #expect(j.first.inputPosition == GenomicPosition(chromosome: String(parts[1]), position: Int(parts[2].split(separator: "_")[0])!))
                #expect(j.second?.inputPosition == GenomicPosition(chromosome: String(parts[3]), position: Int(parts[4])!))
            }
        }
        // RLF (+1) as 5′ keeps the left piece; MYCL1 (−1) as 3′ keeps the left piece too.
        let rlf = try #require(set.junctions.first { $0.namedGene5 == "RLF" && $0.namedGene3 == "MYCL1" })
        #expect(rlf.first.keptSide == .left && rlf.second?.keptSide == .left)
        let analysis = try F.pipeline().analyse([set], sample: "PRADA", tumorType: nil)
        #expect(analysis.fusions.contains { $0.fusion.name == "RLF::MYCL" } && analysis.fusions.contains { $0.fusion.name == "CLTCL1::HIRA" })
        #expect(FusionText.pradaJunctions("A:1:100_B:2:200,3|A:1:150_B:2:250,1") == [
            PRADAJunction(chromosome5: "1", position5: 100, chromosome3: "2", position3: 200, reads: 3),
            PRADAJunction(chromosome5: "1", position5: 150, chromosome3: "2", position3: 250, reads: 1),
        ])
        #expect(FusionText.pradaJunctions("A:1:x_B:2:200,3") == nil)
    }

    /// A generic table row without strands gets the kept sides its named genes imply — the same sides, and the same
    /// fusion, as the row with the strands written (BCR::ABL1 at the GRCh38 exon boundaries of the Arriba K562 call).
    @Test func strandlessRowsTakeTheirSidesFromTheNamedGenes() throws {
        let pipeline = try F.pipeline()
        func analyse(_ bp5: String, _ bp3: String, genes: (String, String) = ("BCR", "ABL1")) throws -> CaseAnalysis {
            let path = try F.write("gene5\tgene3\tbp5\tbp3\tbuild\n\(genes.0)\t\(genes.1)\t\(bp5)\t\(bp3)\tGRCh38\n", name: "row.tsv")
            return try pipeline.run(inputs: [path], sample: "ROW")
        }
        let stranded = try analyse("chr22:23290413:+", "chr9:130854064:+")
        let strandless = try analyse("chr22:23290413", "chr9:130854064")
        let a = try #require(stranded.fusions.first { $0.fusion.name == "BCR::ABL1" })
        let b = try #require(strandless.fusions.first { $0.fusion.name == "BCR::ABL1" })
        #expect(a.fusion.breakend5.keptSide == b.fusion.breakend5.keptSide && a.fusion.breakend3.keptSide == b.fusion.breakend3.keptSide)
        #expect(a.fusion.frame == b.fusion.frame && a.fusion.threePrime.keptExons == b.fusion.threePrime.keptExons)
        // Named genes that are not at the breakpoints leave the orientation unknown: no fusion is made up.
        let elsewhere = try analyse("chr22:23290413", "chr9:130854064", genes: ("TP53", "EGFR"))
        #expect(elsewhere.fusions.isEmpty)
        #expect(elsewhere.events.first?.note?.contains("orientation unknown") == true, "\(elsewhere.events.first?.note ?? "")")
    }
}
