import Foundation
import Testing

@testable import FusionBoardCore

/// BEDPE, Arriba, STAR-Fusion and the generic table, and format detection.
@Suite("Input: tables")
struct InputTableTests {
    typealias F = InputFixtures

    @Test func detectionByContentIncludingGzip() throws {
        let cases: [(String, String, InputFormat)] = [
            ("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n", "a.txt", .vcf),
            ("chr1\t100\t101\tchr2\t200\t201\tx\t1\t+\t-\n", "a.txt", .bedpe),
            ("#CHROM_A\tSTART_A\tEND_A\tCHROM_B\tSTART_B\tEND_B\tID\tQUAL\tSTRAND_A\tSTRAND_B\tTYPE\tFILTER\n", "a.txt", .bedpe),
            ("#gene1\tgene2\tstrand1(gene/fusion)\tstrand2(gene/fusion)\tbreakpoint1\tbreakpoint2\n", "a.txt", .arriba),
            ("#FusionName\tJunctionReadCount\tSpanningFragCount\tLeftGene\tLeftBreakpoint\tRightGene\tRightBreakpoint\n", "a.txt", .starFusion),
            ("gene5\tgene3\tbp5\tbp3\n", "a.txt", .table),
            ("sample_id\tfusion\tsupport\n", "a.txt", .table),
            ("\tFusionPair\tLabel\tVersion\tChr5p\tCoord5p\n", "a.csv", .labelled),
        ]
        for (text, name, format) in cases {
            let path = try F.write(text, name: name)
            #expect(try InputReader.detect(path) == format, "\(text)")
            #expect(try InputReader.detect(try F.gzip(path)) == format, "gzip \(text)")
        }
        let prose = try F.write("Dear board,\nplease find attached.\n", name: "letter.txt")
        let error = try #require(F.error(prose))
        #expect(error.line == 1 && error.message.contains("unrecognised format") && error.message.contains("--format"))
    }

    @Test func bedpeStrandsIntervalsNamesAndFilters() throws {
        let path = try F.write(
            """
            #chrom1\tstart1\tend1\tchrom2\tstart2\tend2\tname\tqual\tstrand1\tstrand2\tfilters\tinfo
            chr1\t999\t1000\tchr2\t1999\t2000\tdelA\t30\t+\t-\tPASS\tTYPE=BND
            chr1\t2999\t3000\tchr1\t3999\t4000\t.\t30\t-\t+\tPASS\tTYPE=DUP
            chr1\t4899\t5100\tchr1\t5999\t6000\tinv\t30\t+\t+\t.\tTYPE=INV
            chr1\t6999\t7000\tchr3\t7999\t8000\tunk\t30\t.\t.\tPASS\t.
            chr1\t8999\t9000\tchr3\t9999\t10000\tlow\t3\t+\t-\tLOWQ\t.
            chrUn_gl000220\t1\t2\tchr3\t1\t2\tun\t3\t+\t-\tPASS\t.

            """, name: "calls.bedpe")
        let set = try F.read(path)
        #expect(set.format == .bedpe)
        #expect(set.junctions.map(\.shape) == ["1:1000L 2:2000R", "1:3000R 1:4000L", "1:5000L 1:6000L", "1:7000? 3:8000?"])
        #expect(set.junctions[1].recordIDs == ["calls.bedpe:3"])
        #expect(set.junctions[2].first.confidenceInterval == -100...100)
        #expect(set.junctions.map(\.svType) == [.translocation, .duplication, .inversion, .translocation])
        #expect(set.statistics.filteredOut == 1 && set.statistics.skippedContigs == 1 && set.statistics.isBalanced)
        // Arriba's simple SV format (its -d input) is read as BEDPE too.
        let arribaSV = try F.write("1:54420491\t6:9248349\t+\t-\n2:1000000\t2:2000000\tupstream\tupstream\n", name: "sv.txt")
        #expect(try InputReader.detect(arribaSV) == .bedpe)
        #expect(try F.read(arribaSV).junctions.map(\.shape) == ["1:54420491L 6:9248349R", "2:1000000R 2:2000000R"])
        // Headerless bedtools order; a bad strand is refused by line.
        let bad = try F.write("chr1\t10\t11\tchr2\t20\t21\tx\t1\t+\t?\n", name: "bad.bedpe")
        let error = try #require(F.error(bad))
        #expect(error.line == 1 && error.message.contains("strand '?'"))
    }

    @Test func arribaUsesDirectionsAndNamesTheGenes() throws {
        let header = "#gene1\tgene2\tstrand1(gene/fusion)\tstrand2(gene/fusion)\tbreakpoint1\tbreakpoint2\tsite1\tsite2\ttype\tsplit_reads1\tsplit_reads2\tdiscordant_mates\tcoverage1\tcoverage2\tconfidence\tdirection1\tdirection2"
        let path = try F.write(
            [
                header,
                "TMPRSS2\tERG\t-/-\t-/-\tchr21:41508081\tchr21:38445621\tsplice-site\tsplice-site\tdeletion\t10\t5\t3\t1\t1\thigh\tupstream\tdownstream",
                "ENSG1(100),ENSG2(5)\tMYC\t./+\t+/+\tchr14:105800000\tchr8:127735434\tintergenic\texon\ttranslocation\t1\t1\t0\t1\t1\tlow\tdownstream\tupstream",
            ].joined(separator: "\n") + "\n", name: "fusions.tsv")
        let set = try F.read(path)
        #expect(set.format == .arriba)
        let j = try #require(set.junctions.first)
        #expect(j.namedGene5 == "TMPRSS2" && j.namedGene3 == "ERG")
        #expect(j.shape == "21:41508081R 21:38445621L")
        #expect(j.support.splitReads == 15 && j.support.spanningPairs == 3)
        #expect(set.statistics.filteredOut == 1)
        let all = try F.read(path, F.options(includeFiltered: true))
        #expect(all.junctions.count == 2 && all.junctions[1].namedGene5 == nil && all.junctions[1].namedGene3 == "MYC")
    }

    @Test func starFusionColumnsAreFoundByNameInAnyOrder() throws {
        // Columns shuffled and an old header spelling: positions must not matter.
        let path = try F.write(
            """
            #FusionName\tLeftBreakpoint\tRightBreakpoint\tSpanningFragCount\tJunctionReadCount\tRightGene\tLeftGene\tannots
            TMPRSS2--ERG\tchr21:41508081:-\tchr21:38445621:-\t12\t30\tERG^ENSG00000157554.19\tTMPRSS2^ENSG00000184012.12\t["Mitelman"]

            """, name: "star-fusion.fusion_predictions.tsv")
        let set = try F.read(path)
        #expect(set.format == .starFusion)
        let j = try #require(set.junctions.first)
        #expect(j.namedGene5 == "TMPRSS2" && j.namedGene3 == "ERG")
        // TMPRSS2 (−) 5′ keeps right; ERG (−) 3′ keeps left: the TMPRSS2::ERG deletion's orientation.
        #expect(j.shape == "21:41508081R 21:38445621L")
        #expect(j.support.splitReads == 30 && j.support.spanningPairs == 12)
    }

    @Test func genericTableAliasesSeparatorsAndSamples() throws {
        let path = try F.write(
            """
            sample_id\tfusion\tbp5\tbp3\tsupport\tbuild
            P-001\tEML4::ALK\tchr2:42299870:+\tchr2:29223528:-\t100\tGRCh38
            P-001\tKIF5B--RET\tchr10:32025000\tchr10:43115500\t\tGRCh38
            P-001\tBCR-ABL1\tchr22:23290413:+\tchr9:130854064:+\t7\tGRCh38

            """, name: "fusions.txt")
        let set = try F.read(path)
        #expect(set.format == .table && set.sample == "P-001" && set.build == .grch38 && set.buildEvidence == .record)
        #expect(set.junctions.map { "\($0.namedGene5 ?? "?")::\($0.namedGene3 ?? "?")" } == ["EML4::ALK", "KIF5B::RET", "BCR::ABL1"])
        #expect(set.junctions.map(\.shape) == ["2:42299870L 2:29223528L", "10:32025000? 10:43115500?", "22:23290413L 9:130854064R"])
        #expect(set.junctions[0].support.splitReads == 100 && set.junctions[1].support.splitReads == nil)
        // Ambiguous separators and several samples are refused with a fix.
        let ambiguous = try F.write("fusion\tbp5\tbp3\nNKX2-1-FOXA1\tchr14:36516000\tchr14:37592000\n", name: "amb.txt")
        #expect(F.error(ambiguous)?.message.contains("ambiguous fusion separator") == true)
        let two = try F.write("sample_id\tgene5\tgene3\tbp5\tbp3\nA\tEML4\tALK\t2:1000\t2:5000\nB\tBCR\tABL1\t22:1000\t9:2000\n", name: "two.txt")
        #expect(F.error(two)?.message.contains("--tumor-sample") == true)
        let chosen = try F.read(two, F.options(tumorSample: "B"))
        #expect(chosen.sample == "B" && chosen.junctions.map(\.namedGene5) == ["BCR"] && chosen.statistics.filteredOut == 1)
        // A row with a bad breakpoint names its line.
        let badBreakpoint = try F.write("gene5\tgene3\tbp5\tbp3\nEML4\tALK\tchr2-42299870\tchr2:29223528\n", name: "bad.txt")
        let error = try #require(F.error(badBreakpoint))
        #expect(error.line == 2 && error.message.contains("chr:pos"))
    }

    @Test func tablesDoNotSayTheirBuildSoTheDefaultWarns() throws {
        let path = try F.write("gene5\tgene3\tbp5\tbp3\nEML4\tALK\tchr2:42299870:+\tchr2:29223528:-\n", name: "t.txt")
        let set = try F.read(path)
        #expect(set.buildEvidence == .defaulted && set.warnings.contains { $0.contains("pass --build GRCh37") })
    }
}
