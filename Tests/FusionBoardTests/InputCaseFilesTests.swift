import Foundation
import Testing

@testable import FusionBoardCore

/// Every file in ../shared/cases, through the built binary: read (exit 0) or refused with a message naming
/// the file (exit 1), and why. Then the event counts of the COLO829 files and the RNA fusions' GRCh38 positions.
@Suite("Input: shared case files")
struct InputCaseFilesTests {
    typealias F = InputFixtures

    /// What happens to each case file under `fusionboard annotate FILE` (auto format, build from the file).
    struct Outcome: Sendable, CustomStringConvertible {
        var file: String
        /// nil = read (exit 0); else a piece of the refusal message.
        var refusal: String?
        var why: String
        var description: String { file }
    }

    static let outcomes: [Outcome] = [
        // RNA fusion calls
        .init(file: "rna-fusion-calls/BT474.chimerascan.bedpe", refusal: nil, why: "ChimeraScan BEDPE (#chrom5p header): RNA chimeras, 5′ interval first"),
        .init(file: "rna-fusion-calls/BT474.star-fusion.tsv", refusal: nil, why: "STAR-Fusion abridged, columns by header name"),
        .init(file: "rna-fusion-calls/KPL4.star-fusion.tsv", refusal: nil, why: "STAR-Fusion abridged"),
        .init(file: "rna-fusion-calls/SKBR3.star-fusion.tsv", refusal: nil, why: "STAR-Fusion abridged"),
        .init(file: "rna-fusion-calls/arriba_K562_fusions.tsv", refusal: nil, why: "Arriba fusions.tsv"),
        .init(file: "rna-fusion-calls/deeprior_STAR-fusion_out_example.abridged", refusal: nil, why: "STAR-Fusion abridged"),
        .init(file: "rna-fusion-calls/deeprior_star-fusion_out_example.tsv", refusal: nil, why: "STAR-Fusion full (JunctionReads/SpanningFrags hold read names)"),
        .init(file: "rna-fusion-calls/deeprior_FusionCatcher_out_example.txt", refusal: nil, why: "generic table: FusionCatcher's 5end/3end partner columns are aliases"),
        .init(file: "rna-fusion-calls/deeprior_SOAPfuse_out_example.txt", refusal: nil, why: "generic table: SOAPfuse up_/dw_ (5′/3′) columns are aliases"),
        .init(file: "rna-fusion-calls/deeprior_general_out_example.txt", refusal: nil, why: "generic table: DEEPrior chr5p coord5p chr3p coord3p"),
        .init(file: "rna-fusion-calls/deeprior_re_train_example.csv", refusal: nil, why: "generic table: DEEPrior columns plus a label column (tab-separated despite .csv)"),
        .init(file: "rna-fusion-calls/deeprior_ChimPIPE_out_example.txt", refusal: nil, why: "generic table: ChimPIPE juncCoord (donor:acceptor with strands), gnNamesA/B"),
        .init(file: "rna-fusion-calls/deeprior_Defuse_out_example_bis.tsv", refusal: nil, why: "deFuse results.tsv: sides from genomic_strand, 5′ from gene_strand vs genomic_strand (gene_name1/2 are in no order)"),
        .init(file: "rna-fusion-calls/deeprior_EricScript_out_example.tsv", refusal: nil, why: "generic table: EricScript GeneName1 chr1 Breakpoint1 strand1 (5′), …2 (3′)"),
        .init(file: "rna-fusion-calls/deeprior_FusionHunter_out_example.txt", refusal: nil, why: "FusionHunter report: one call per group of junction-spanning reads"),
        .init(file: "rna-fusion-calls/deeprior_InFusion_out_example.txt", refusal: nil, why: "InFusion: 1-based breaks, sides from the reads' regions, genes in either order"),
        .init(file: "rna-fusion-calls/deeprior_JAFFA_out_example.csv", refusal: nil, why: "generic table, comma-separated: JAFFA 'fusion genes' A:B, chrom1 base1 (5′), no strands"),
        .init(file: "rna-fusion-calls/deeprior_PRADA_out_example.txt", refusal: nil, why: "generic table: PRADA Gene_A (5′)/Gene_B with strands, one event per row with its Junction list"),
        .init(file: "rna-fusion-calls/deeprior_TopHat_out_example.txt", refusal: nil, why: "TopHat-Fusion result.txt: headerless, 0-based, left gene 5′"),
        // SV VCF dialects
        .init(file: "sv-vcf-dialects/COLO829.10X.longranger.largeSVs.vcf", refusal: "could be lifted", why: "its only PASS call is <DEL> 1:0–650000 (b37), off every chain block"),
        .init(file: "sv-vcf-dialects/COLO829.nanopore.sniffles.vcf", refusal: nil, why: "Sniffles: <INS>/<DEL>/<DUP>/<INVDUP>/<DUP/INS> and a BND"),
        .init(file: "sv-vcf-dialects/breakdancer-1.4.5.vcf", refusal: nil, why: "BreakDancer: BND partners by PARID/mirror, <DEL>, <INV>"),
        .init(file: "sv-vcf-dialects/breakend.vcf", refusal: "could be lifted", why: "hg19 contigs, every record at chr1:2 (inside the telomere gap)"),
        .init(file: "sv-vcf-dialects/crest.vcf", refusal: nil, why: "CREST: symbolic + PARID pairs"),
        .init(file: "sv-vcf-dialects/delly-0.6.8.vcf", refusal: nil, why: "DELLY 0.6.8: CHR2/END/CT; 3 of 4 records LowQual"),
        .init(file: "sv-vcf-dialects/gridss-missingPartner.vcf", refusal: nil, why: "GRIDSS: one-record BND plus a pair"),
        .init(file: "sv-vcf-dialects/gridss.vcf", refusal: nil, why: "GRIDSS: most records filtered, missing mates become single breakends"),
        .init(file: "sv-vcf-dialects/manta-0.29.6.vcf", refusal: "where the #CHROM header has 10", why: "candidateSV lines with 8 columns appended after 10-column records"),
        .init(file: "sv-vcf-dialects/manta-1.1.1.vcf", refusal: "where the #CHROM header has 10", why: "candidateSV lines with 8 columns appended after 10-column records"),
        .init(file: "sv-vcf-dialects/multipleAltSVs.vcf", refusal: "neither INFO END nor SVLEN", why: "<DEL> alleles without END or SVLEN cannot be placed"),
        .init(file: "sv-vcf-dialects/pindel-0.2.5b6.vcf", refusal: nil, why: "Pindel: <INS>/<DEL>/<DUP:TANDEM>/<RPL>, ##reference=hs37d5"),
        .init(file: "sv-vcf-dialects/representations.vcf", refusal: "primary chromosome", why: "every record is on a contig named 'chr'"),
        .init(file: "sv-vcf-dialects/simple.vcf", refusal: "could be lifted", why: "hg19 contigs, every record at chr1:1–2 (inside the telomere gap)"),
        .init(file: "sv-vcf-dialects/tigra-0.3.7.vcf", refusal: nil, why: "TIGRA: <CTX> with its mate on chrUn_gl000223 (a single breakend)"),
        .init(file: "sv-vcf-dialects/vcf4.2.example.sv.vcf", refusal: "does not read", why: "##reference=1000GenomesPilot-NCBI36: an NCBI36/hg18 file"),
        .init(file: "sv-vcf-dialects/gridss.bedpe", refusal: nil, why: "bedtools BEDPE with strands"),
        .init(file: "sv-vcf-dialects/unnamed.bedpe", refusal: nil, why: "bedtools BEDPE without names"),
        // WGS somatic calls (GRCh37)
        .init(file: "wgs-sv-vcf/COLO829T.purple.sv.ann.vcf.gz", refusal: nil, why: "GRIDSS+PURPLE (VCF 4.1, mates by PARID), gzip"),
        .init(file: "wgs-sv-vcf/COLO829v003T.gridss.purple.sv.vcf", refusal: nil, why: "GRIDSS+PURPLE"),
        .init(file: "wgs-sv-vcf/DO52605T.gridss.purple.sv.vcf", refusal: nil, why: "GRIDSS+PURPLE"),
        .init(file: "wgs-sv-vcf/colo829_somatic_gridss.vcf.gz", refusal: nil, why: "GRIDSS, gzip"),
        .init(file: "wgs-sv-vcf/colo829_somatic_manta.vcf", refusal: nil, why: "Manta somatic"),
        .init(file: "wgs-sv-vcf/colo829_somatic_novobreak.vcf", refusal: nil, why: "novoBreak: <TRA>/<DEL>/<DUP>/<INV> with CHR2/CT; more data columns than header columns"),
        .init(file: "wgs-sv-vcf/truthset_somaticSVs_COLO829.vcf", refusal: nil, why: "COLO829 truth set"),
    ]

    @Test func everyCaseFileIsListed() throws {
        let root = Fixtures.shared.appendingPathComponent("cases")
        var present: [String] = []
        for folder in try FileManager.default.contentsOfDirectory(atPath: root.path) {
            for file in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path) {
                present.append("\(folder)/\(file)")
            }
        }
        #expect(present.sorted() == Self.outcomes.map(\.file).sorted())
    }

    @Test(arguments: outcomes)
    func caseFileIsReadOrRefusedByName(_ outcome: Outcome) throws {
        let path = Fixtures.sharedFile("cases/\(outcome.file)")
        let result = try CLI.run(["annotate", path])
        if let refusal = outcome.refusal {
            #expect(result.status == 1, "\(outcome.file): \(outcome.why)")
            #expect(result.stderr.contains("Error: \(path)"), "\(result.stderr)")
            #expect(result.stderr.contains(refusal), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        } else {
            #expect(result.status == 0, "\(outcome.file): \(result.stderr)")
            #expect(result.stdout.hasPrefix("sample\tsv_ids\tsv_type\tchrom1\tpos1\tgenes1\tregion1\tchrom2\tpos2\tgenes2\tregion2\tfusions"))
        }
    }

    // MARK: COLO829 event counts

    /// An event is one call (see `StructuralVariantEvent`): a MATEID/PARID pair of BND records, a BND record whose
    /// mate is not kept, a single breakend, or one symbolic / sequence-resolved SV record. The expected counts come
    /// from the files, not from the reader, with this awk over the records whose FILTER is PASS or `.`:
    ///
    ///     zcat -f FILE | grep -v '^#' | awk -F'\t' '($7=="PASS"||$7==".") { pass[$3]=1
    ///       if ($5 ~ /[][]/) { if (match($8,/(^|;)(MATEID|PARID)=[^;]*/)) { m=substr($8,RSTART,RLENGTH);
    ///           sub(/^;?(MATEID|PARID)=/,"",m); mate[$3]=m } else nomate++ }
    ///       else if ($5 ~ /^\./ || $5 ~ /\.$/) single++; else if ($5 ~ /^</) sym++; else if ($8 ~ /SVTYPE=/) seqsv++ }
    ///       END { for (i in mate) if (mate[i] in pass) paired++; else unpaired++
    ///             print paired/2 + unpaired + nomate + single + sym + seqsv }'
    ///
    /// | file | PASS | BND pairs | single | symbolic | sequence SV | events |
    /// |---|---|---|---|---|---|---|
    /// | truth set | 134 | 66 | 0 | 2 `<INS>` | 0 | 68 |
    /// | Manta | 172 | 55 | 0 | 46 | 16 | 117 |
    /// | GRIDSS | 170 | 79 | 12 | 0 | 0 | 91 |
    /// | novoBreak | 609 | 0 | 0 | 609 | 0 | 609 |
    /// | GRIDSS+PURPLE v003T | 155 | 73 | 9 | 0 | 0 | 82 |
    /// | PURPLE .ann (PARID) | 148 | 70 | 8 | 0 | 0 | 78 |
    /// | DO52605T | 929 | 431 | 67 | 0 | 0 | 498 |
    ///
    /// An event whose position lies outside every hg19→hg38 chain block is dropped and counted as a liftover
    /// failure (per record), so `events + lifted-out events = awk count`.
    static let colo829: [(file: String, events: Int, liftedOutRecords: Int, liftedOutEvents: Int, build: GenomeBuild?)] = [
        ("wgs-sv-vcf/truthset_somaticSVs_COLO829.vcf", 68, 0, 0, nil),
        ("wgs-sv-vcf/colo829_somatic_manta.vcf", 117, 0, 0, nil),
        ("wgs-sv-vcf/colo829_somatic_gridss.vcf.gz", 91, 0, 0, nil),
        // No ##contig/##reference: --build GRCh37 as the user must pass. Five <TRA>/<DEL> records touch
        // positions with no chain block (16:46397911, 2:91697228, 2:91595164, 2:91595167, 7:142103453).
        ("wgs-sv-vcf/colo829_somatic_novobreak.vcf", 609 - 5, 5, 5, .grch37),
        ("wgs-sv-vcf/COLO829v003T.gridss.purple.sv.vcf", 82, 0, 0, nil),
        ("wgs-sv-vcf/COLO829T.purple.sv.ann.vcf.gz", 78, 0, 0, nil),
        // One pair (gridss57ff_1898o/h) has a breakend at 1:143536167, in no chain block.
        ("wgs-sv-vcf/DO52605T.gridss.purple.sv.vcf", 498 - 1, 2, 1, nil),
    ]

    @Test func colo829FilesGiveTheirEventCounts() throws {
        for entry in Self.colo829 {
            let set = try F.read(Fixtures.sharedFile("cases/\(entry.file)"), F.options(build: entry.build))
            #expect(set.build == .grch37, "\(entry.file)")
            #expect(set.events.count == entry.events, "\(entry.file)")
            #expect(set.statistics.events == entry.events)
            #expect(set.statistics.liftoverFailures == entry.liftedOutRecords, "\(entry.file)")
            #expect(set.statistics.isBalanced, "\(entry.file): \(set.statistics)")
        }
    }

    @Test func truthSetIs66PairsAnd2InsertionsAndTheTableHasARowPerEvent() throws {
        let path = Fixtures.sharedFile("cases/wgs-sv-vcf/truthset_somaticSVs_COLO829.vcf")
        let set = try F.read(path)
        #expect(set.events.filter { $0.recordIDs.count == 2 }.count == 66)
        #expect(set.events.filter { $0.svType == .insertion }.map(\.recordIDs) == [["truthset_48_1"], ["truthset_51_1"]])
        #expect(set.junctions.count == 66)
        #expect(set.sample == "COLO829T")
        // Mate IDs in breakend order: the record that comes first in the file is breakend 1.
        #expect(set.events.first?.recordIDs == ["truthset_1_1", "truthset_1_2"])
        let result = try CLI.run(["annotate", path])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = parseTSV(result.stdout)
        #expect(rows.count == 68)
        #expect(rows.filter { $0["sv_type"] == "INS" }.count == 2)
        #expect(Set(rows.compactMap { $0["sv_ids"] }).count == 68)
        // GRCh38 positions, with the input's GRCh37 ones beside them.
        let first = try #require(rows.first)
        #expect(first["sv_ids"] == "truthset_1_1,truthset_1_2" && first["chrom1"] == "chr1" && first["chrom2"] == "chr10")
        #expect(first["input_build"] == "GRCh37" && first["input_pos1"] == "1:87337011" && first["input_pos2"] == "10:36119127")
        #expect(first["pos1"] != "87337011")
    }

    // MARK: RNA fusions at GRCh38 positions

    /// BCR exon 14 ends at chr22:23290413 and ABL1 exon 2 starts at chr9:130854064 in refGene GRCh38
    /// (NM_004327 exonEnds, NM_005157 exonStarts 130854063 0-based in iannotatesv's hg38.sv.table.txt):
    /// Arriba's GRCh37 22:23632600 / 9:133729451 must land exactly there.
    @Test func arribaK562BCRABL1LandsOnTheGRCh38ExonBoundaries() throws {
        let set = try F.read(Fixtures.sharedFile("cases/rna-fusion-calls/arriba_K562_fusions.tsv"), F.options(build: .grch37))
        #expect(set.format == .arriba)
        let j = try #require(set.junctions.first)
        #expect(set.junctions.count == 1)
        #expect(j.namedGene5 == "BCR" && j.namedGene3 == "ABL1" && j.svType == .rnaFusion)
        #expect(j.first.position == GenomicPosition(chromosome: "22", position: 23_290_413))
        #expect(j.second?.position == GenomicPosition(chromosome: "9", position: 130_854_064))
        #expect(j.first.inputPosition == GenomicPosition(chromosome: "22", position: 23_632_600))
        // BCR (+) is 5′ and keeps the left piece (direction1 downstream); ABL1 (+) 3′ keeps the right (upstream).
        #expect(j.first.keptSide == .left && j.second?.keptSide == .right)
        #expect(j.support.splitReads == 4 + 7 && j.support.spanningPairs == 0)
        // The same through the CLI: the score table names BCR::ABL1 at those positions.
        let result = try CLI.run(["score", Fixtures.sharedFile("cases/rna-fusion-calls/arriba_K562_fusions.tsv"), "--build", "GRCh37"])
        #expect(result.status == 0, "\(result.stderr)")
        let row = try #require(parseTSV(result.stdout).first { $0["fusion"] == "BCR::ABL1" })
        #expect(row["pos5"] == "23290413" && row["pos3"] == "130854064" && row["chrom5"] == "chr22" && row["chrom3"] == "chr9")
    }

    /// A file that names no build but has positions past GRCh38 chromosome ends, all within GRCh37's, is GRCh37:
    /// KPL4's STAR-Fusion calls (chr9:140,513,501 on line 3; GRCh38's chr9 ends at 138,394,717) are read as GRCh37
    /// with a warning naming the line, and give the same GRCh38 junctions as with `--build GRCh37`. Saying
    /// GRCh38 for such a file is refused, naming the line and the chromosome end.
    @Test func positionsPastGRCh38EndsMakeAnUnnamedBuildGRCh37() throws {
        let kpl4 = Fixtures.sharedFile("cases/rna-fusion-calls/KPL4.star-fusion.tsv")
        let guessed = try F.read(kpl4, F.options())
        let stated = try F.read(kpl4, F.options(build: .grch37))
        #expect(guessed.build == .grch37 && guessed.buildEvidence == .positions)
        #expect(guessed.junctions.map(\.first.position) == stated.junctions.map(\.first.position))
        #expect(guessed.junctions.map { $0.second?.position } == stated.junctions.map { $0.second?.position })
        #expect(guessed.warnings.first?.contains("KPL4.star-fusion.tsv:3: the file does not name its build and chr9:140,513,501 lies past the end of GRCh38 chr9") == true, "\(guessed.warnings)")
        #expect(!guessed.warnings.contains { $0.contains("assuming GRCh38") })
        let refused = try #require(F.error(kpl4, F.options(build: .grch38)))
        #expect(refused.line == 3)
        #expect(refused.message.contains("chr9:140,513,501 lies past the end of GRCh38 chr9 (138,394,717 bp)") && refused.message.contains("--build GRCh37"), "\(refused)")
        // A file without such positions keeps the GRCh38 default and its warning.
        let arriba = try F.read(Fixtures.sharedFile("cases/rna-fusion-calls/arriba_K562_fusions.tsv"), F.options())
        #expect(arriba.buildEvidence == .defaulted || arriba.buildEvidence == .header)
    }

    /// STAR-Fusion rows: 5′ = LeftGene, kept sides from the breakpoint strands. Two checked by hand against refGene
    /// GRCh38 (iannotatesv hg38.sv.table.txt): TATDN1 (−) NM_032026 and GSDMB (−) NM_001042471 exon boundaries.
    @Test func starFusionRowsGiveNamedFusionsWithLiftedBreakpoints() throws {
        for name in ["BT474", "KPL4", "SKBR3"] {
            let path = Fixtures.sharedFile("cases/rna-fusion-calls/\(name).star-fusion.tsv")
            let set = try F.read(path, F.options(build: .grch37))
            let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }.count
            #expect(set.format == .starFusion)
            #expect(set.events.count + set.statistics.liftoverFailures == rows, "\(name)")
            #expect(set.junctions.allSatisfy { $0.svType == .rnaFusion && $0.namedGene5 != nil && $0.first.keptSide != nil })
        }
        let skbr3 = try F.read(Fixtures.sharedFile("cases/rna-fusion-calls/SKBR3.star-fusion.tsv"), F.options(build: .grch37))
        let first = try #require(skbr3.junctions.first)
        #expect(first.namedGene5 == "TATDN1" && first.namedGene3 == "GSDMB")
        #expect(first.support.splitReads == 228 && first.support.spanningPairs == 323)
        // TATDN1 on − as 5′ keeps the right piece; GSDMB on − as 3′ keeps the left piece.
        #expect(first.first.keptSide == .right && first.second?.keptSide == .left)
        #expect(first.first.inputPosition == GenomicPosition(chromosome: "8", position: 125_551_266))
        #expect(first.first.position == Self.expectedTATDN1)
        #expect(first.second?.position == Self.expectedGSDMB)
    }

    /// Minus-strand partners: STAR-Fusion's VCaP TMPRSS2--ERG junction (GRCh37 chr21:42879877:- → chr21:39817544:-,
    /// input-formats notes §5). TMPRSS2 (−, 5′) keeps the right piece, ERG (−, 3′) the left; lifted they land on
    /// TMPRSS2 NM_001135099's exonStart 41507949 (0-based, so 41507950) and on ERG's exonEnd 38445621 (refGene GRCh38,
    /// by hand), and the annotator builds TMPRSS2::ERG from those kept sides.
    @Test func minusStrandPartnersGiveTMPRSS2ERG() throws {
        let path = try F.write(
            "#FusionName\tJunctionReadCount\tSpanningFragCount\tLeftGene\tLeftBreakpoint\tRightGene\tRightBreakpoint\n"
                + "TMPRSS2--ERG\t50\t20\tTMPRSS2^ENSG00000184012.7\tchr21:42879877:-\tERG^ENSG00000157554.14\tchr21:39817544:-\n",
            name: "VCaP.star-fusion.tsv")
        let set = try F.read(path, F.options(build: .grch37))
        let j = try #require(set.junctions.first)
        #expect(j.shape == "21:41507950R 21:38445621L")
        let result = try CLI.run(["score", path, "--build", "GRCh37"])
        #expect(result.status == 0, "\(result.stderr)")
        let row = try #require(parseTSV(result.stdout).first)
        #expect(row["fusion"] == "TMPRSS2::ERG" && row["pos5"] == "41507950" && row["pos3"] == "38445621")
        #expect(row["input_pos5"] == "21:42879877" && row["input_build"] == "GRCh37")
    }

    /// From the refGene GRCh38 table by hand: TATDN1 NM_032026 (−) exon 1 has exonStart 124539024 (0-based),
    /// so its first base is 124539025; GSDMB NM_001042471 (−) has an exon with exonEnd 39909924 (its last base).
    static let expectedTATDN1 = GenomicPosition(chromosome: "8", position: 124_539_025)
    static let expectedGSDMB = GenomicPosition(chromosome: "17", position: 39_909_924)
}

/// The input checksum printed in reports (SHA-256 of the stored bytes) agrees with coreutils' sha256sum.
@Suite("Input: checksums")
struct InputChecksumTests {
    @Test func sha256MatchesKnownVectorsAndSha256sum() throws {
        #expect(FileDigest.sha256(bytes: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(FileDigest.sha256(bytes: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        for file in ["cases/wgs-sv-vcf/DO52605T.gridss.purple.sv.vcf", "cases/wgs-sv-vcf/colo829_somatic_gridss.vcf.gz"] {
            let path = Fixtures.sharedFile(file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(try FileDigest.sha256(path: path) == String(output.prefix(64)), "\(file)")
        }
    }
}
