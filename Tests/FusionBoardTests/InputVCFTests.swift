import Foundation
import Testing

@testable import FusionBoardCore

/// The VCF reader on small files that pin down each rule of input-formats notes §1–§2.
@Suite("Input: VCF")
struct InputVCFTests {
    typealias F = InputFixtures

    @Test func allFourBracketFormsGiveTheirKeptSides() throws {
        // Notes §1.3: t[p[ keeps L / mate R; t]p] L / L; ]p]t R / L; [p[t R / R.
        let cases: [(String, String)] = [
            ("N[chr2:2000[", "1:1000L 2:2000R"), ("N]chr2:2000]", "1:1000L 2:2000L"),
            ("]chr2:2000]N", "1:1000R 2:2000L"), ("[chr2:2000[N", "1:1000R 2:2000R"),
        ]
        for (alt, expected) in cases {
            // END on a BND record (some pipelines set it) is ignored: the bracket names the mate.
            let path = try F.write(F.vcf(["chr1|1000|b1|N|\(alt)|.|PASS|SVTYPE=BND;END=1500"]))
            let set = try F.read(path)
            #expect(set.junctions.map(\.shape) == [expected], "\(alt)")
            #expect(set.junctions.first?.svType == .translocation)
        }
    }

    @Test func matePairsCollapseIntoOneEventWithBothIDsInFileOrder() throws {
        let path = try F.write(
            F.vcf([
                "chr1|1000|a|N|N[chr1:5000[|.|PASS|SVTYPE=BND;MATEID=b;EVENT=ev1;CIPOS=-5,7",
                "chr1|5000|b|N|]chr1:1000]N|.|PASS|SVTYPE=BND;MATEID=a;EVENT=ev1",
            ]))
        let set = try F.read(path)
        #expect(set.junctions.count == 1)
        #expect(set.events.count == 1)
        let j = try #require(set.junctions.first)
        #expect(j.recordIDs == ["a", "b"])
        #expect(j.shape == "1:1000L 1:5000R")
        #expect(j.svType == .deletion)
        #expect(j.event == "ev1")
        #expect(j.first.confidenceInterval == -5...7)
        #expect(set.statistics.recordsInJunctions == 2 && set.statistics.isBalanced)
    }

    @Test func partnerByPARIDOrMirrorAndMatesOnOtherContigs() throws {
        let path = try F.write(
            F.vcf([
                "chr1|1000|x1|N|N[chr5:300[|.|PASS|SVTYPE=BND;PARID=x2",
                "chr5|300|x2|N|]chr1:1000]N|.|PASS|SVTYPE=BND;PARID=x1",
                "chr1|7000|m1|N|N]chr3:900]|.|PASS|SVTYPE=BND",
                "chr3|900|m2|N|N]chr1:7000]|.|PASS|SVTYPE=BND",
            ]))
        let set = try F.read(path)
        #expect(set.junctions.map(\.recordIDs) == [["x1", "x2"], ["m1", "m2"]])
        #expect(set.junctions.map(\.shape) == ["1:1000L 5:300R", "1:7000L 3:900L"])
    }

    @Test func singleBreakendsStayUnpairedAndMissingMatesWarn() throws {
        let path = try F.write(
            F.vcf([
                "chr1|1000|s1|G|G.|.|PASS|SVTYPE=BND",
                "chr1|2000|s2|A|.TTTTA|.|PASS|SVTYPE=BND",
                "chr1|3000|s3|A|ATATATAT.|.|PASS|.",
                "chr1|4000|o1|N|N[chr2:100[|.|PASS|SVTYPE=BND;MATEID=o2",
                "chr2|100|o2|N|]chr1:4000]N|.|LowQual|SVTYPE=BND;MATEID=o1",
                "chr1|5000|g1|N|N[chr2:500[|.|PASS|SVTYPE=BND;MATEID=gone",
            ]))
        let set = try F.read(path)
        #expect(set.junctions.isEmpty)
        #expect(set.singleBreakends.map(\.id) == ["s1", "s2", "s3", "o1", "g1"])
        #expect(set.singleBreakends.map(\.keptSide) == [.left, .right, .left, .left, .left])
        #expect(set.statistics.singleBreakends == 5)
        #expect(set.statistics.filteredOut == 1)
        #expect(set.statistics.isBalanced)
        #expect(set.warnings.contains { $0.contains(":7: breakend o1 names mate o2 (line 8), which is filtered out") })
        #expect(set.warnings.contains { $0.contains(":9: breakend g1 names mate gone, which is not in the file") })
        // With --include-filtered the pair forms.
        let all = try F.read(path, F.options(includeFiltered: true))
        #expect(all.junctions.map(\.recordIDs) == [["o1", "o2"]])
    }

    @Test func symbolicAllelesFollowTheJunctionTable() throws {
        // Notes §1.2: <DEL> POS(L)+END+1(R); <DUP> END(L)+POS+1(R); <INV> POS(L)+END(L) and POS+1(R)+END+1(R).
        let path = try F.write(
            F.vcf([
                "chr1|1000|del|N|<DEL>|.|PASS|SVTYPE=DEL;END=2000;CIPOS=-10,10;CIEND=-20,20",
                "chr1|3000|dupt|N|<DUP:TANDEM>|.|PASS|SVTYPE=DUP;SVLEN=500",
                "chr1|4000|dup|N|<DUP>|.|PASS|END=4300",
                "chr1|5000|inv|N|<INV>|.|PASS|SVTYPE=INV;END=6000",
                "chr1|7000|ins|N|<INS>|.|PASS|SVTYPE=INS;END=7000;SVLEN=300",
                "chr1|8000|del4|N|<DEL>|.|PASS|SVLEN=-250",
                "chr1|9000|del44|N|<DEL>|.|PASS|SVLEN=250",
                "chr1|9500|cnv|N|<CNV>|.|PASS|END=9900",
            ]))
        let set = try F.read(path)
        #expect(
            set.junctions.map(\.shape) == [
                "1:1000L 1:2001R", "1:3001R 1:3500L", "1:4001R 1:4300L", "1:5000L 1:6000L", "1:5001R 1:6001R", "1:8000L 1:8251R",
                "1:9000L 1:9251R",
            ])
        #expect(set.junctions[0].first.confidenceInterval == -10...10 && set.junctions[0].second?.confidenceInterval == -20...20)
        #expect(set.junctions.map(\.svType) == [.deletion, .duplication, .duplication, .inversion, .inversion, .deletion, .deletion])
        // Eight records, eight events: the inversion is one event with two junctions; insertion and CNV have none.
        #expect(set.events.map(\.recordIDs.first!) == ["del", "dupt", "dup", "inv", "ins", "del4", "del44", "cnv"])
        #expect(set.events[3].junctionIndices == [3, 4])
        #expect(set.events[4].junctionIndices.isEmpty && set.events[4].svType == .insertion)
        #expect(set.statistics.withoutJunction == 2 && set.statistics.isBalanced)
    }

    @Test func dellyConnectionTypesAndTranslocations() throws {
        let path = try F.write(
            F.vcf([
                "chr1|1000|INV1|N|<INV>|.|PASS|SVTYPE=INV;CHR2=chr1;END=9000;CT=3to3",
                "chr1|2000|INV2|N|<INV>|.|PASS|SVTYPE=INV;CHR2=chr1;END=8000;CT=5to5",
                "chr1|3000|TRA1|N|<TRA>|.|PASS|SVTYPE=TRA;CHR2=chr7;END=500;CT=5to3",
                "chr1|4000|TRA2|N|<TRA>|.|PASS|SVTYPE=TRA;CHR2=7;POS2=600",
                "chr1|5000|BND1|N|N]chr2:700]|.|PASS|SVTYPE=BND;CHR2=chr2;POS2=700;CT=3to3",
                "chr1|6000|CTX1|N|<CTX>|.|PASS|SVTYPE=CTX;CHR2=chr9;END=800",
                "chr1|7000|MantaINV:1|N|<INV>|.|PASS|SVTYPE=INV;END=7500;INV5",
                "chr1|8000|lumpy1|N|<INV>|.|PASS|SVTYPE=INV;END=8500;STRANDS=++:7",
            ]))
        let set = try F.read(path)
        #expect(
            set.junctions.map(\.shape) == [
                "1:1000L 1:9000L", "1:2001R 1:8001R", "1:3000R 7:500L", "1:4000? 7:600?", "1:5000L 2:700L", "1:6000L 9:800?", "1:6001R 9:800?",
                "1:7001R 1:7501R", "1:8000L 1:8500L",
            ])
        #expect(set.events.count == 8)
        #expect(set.events[5].junctionIndices.count == 2)
    }

    @Test func missingEndOrMateIsAnErrorNamingTheLine() throws {
        let noEnd = try F.write(F.vcf(["chr1|1000|d|N|<DEL>|.|PASS|SVTYPE=DEL"]))
        let e1 = try #require(F.error(noEnd))
        #expect(e1.line == 4 && e1.message.contains("neither INFO END nor SVLEN"))
        let noMate = try F.write(F.vcf(["chr1|1000|t|N|<CTX>|.|PASS|SVTYPE=CTX"]))
        let e2 = try #require(F.error(noMate))
        #expect(e2.line == 4 && e2.message.contains("names no mate"))
    }

    @Test func malformedRecordsAreRefusedWithFileLineAndFix() throws {
        let cases: [(String, String)] = [
            ("chr1|x12|a|N|<DEL>|.|PASS|END=5", "POS 'x12' is not a position"),
            ("chr1|100|a|N|N[chr2:[|.|PASS|.", "no mate position"),
            ("chr1|100|a|N|N[chr2:5|.|PASS|.", "never closes"),
            ("chr1|100|a|N|N[chr2:5[N|.|PASS|.", "exactly one side"),
            ("chr1|100|a|N|<DEL|.|PASS|END=5", "without closing"),
            ("chr1|100|a|N|hello|.|PASS|.", "is neither bases"),
            ("chr1|100|a|N|<DEL>|.|PASS", "at least 8 tab-separated columns"),
            ("chr1|100|a|N|<DEL>|.|PASS|END=1e4", "END='1e4' is not a whole number"),
        ]
        for (line, message) in cases {
            let path = try F.write(F.vcf([line]))
            let error = try #require(F.error(path), "\(line)")
            #expect(error.file == path && error.line == 4, "\(line)")
            #expect(error.message.contains(message), "\(error.message)")
        }
        // A line shorter than the #CHROM header (a sample column missing).
        let short = try F.write(F.vcf(["chr1|100|a|N|<DEL>|.|PASS|END=500"], samples: ["TUMOR"]))
        #expect(F.error(short)?.message.contains("where the #CHROM header has 10") == true)
    }

    @Test func filterPassOnlyByDefault() throws {
        let path = try F.write(
            F.vcf([
                "chr1|1000|p|N|<DEL>|.|PASS|END=2000", "chr1|3000|d|N|<DEL>|.|.|END=4000", "chr1|5000|f|N|<DEL>|.|MinQUAL;PON|END=6000",
            ]))
        let set = try F.read(path)
        #expect(set.events.map(\.recordIDs) == [["p"], ["d"]])
        #expect(set.statistics.filteredOut == 1)
        let all = try F.read(path, F.options(includeFiltered: true))
        #expect(all.events.count == 3 && all.events[2].filter == "MinQUAL;PON")
    }

    @Test func tumourColumnAndNormalisedSupport() throws {
        // Manta PR/SR (ref,alt) in the tumour column; the normal column is ignored.
        let manta = try F.write(
            F.vcf(["chr1|1000|m|N|<DEL>|50|PASS|END=9000|PR:SR|30,0:20,0|60,15:40,25"], samples: ["NORMAL", "TUMOR"]))
        let m = try F.read(manta)
        #expect(m.sample == "TUMOR")
        #expect(m.junctions[0].support.spanningPairs == 15 && m.junctions[0].support.splitReads == 25)
        #expect(abs((m.junctions[0].support.alleleFraction ?? 0) - 40.0 / 140.0) < 1e-9)
        #expect(m.junctions[0].support.quality == 50)
        // DELLY: tumour first, named by --tumor-sample; DV/RV alt pairs/reads, DR/RR reference.
        let dellyText = F.vcf(["chr1|1000|d|N|<DEL>|.|PASS|END=9000;PE=9;SR=4|GT:DR:DV:RR:RV|0/1:10:6:30:4|0/0:20:0:20:0"], samples: ["p1T", "p1N"])
        let delly = try F.write(dellyText)
        let d = try F.read(delly, F.options(tumorSample: "p1T"))
        #expect(d.sample == "p1T")
        #expect(d.junctions[0].support.spanningPairs == 6 && d.junctions[0].support.splitReads == 4)
        // Default choice: the sample whose name ends in T.
        #expect(try F.read(delly).sample == "p1T")
        #expect(F.error(delly, F.options(tumorSample: "nobody"))?.message.contains("not among the samples (p1T, p1N)") == true)
        // GRIDSS + PURPLE: tumour SR/RP, PURPLE_AF.
        let gridss = try F.write(
            F.vcf(
                [
                    "chr1|1000|g1o|A|A[chr2:500[|300|PASS|SVTYPE=BND;MATEID=g1h;PURPLE_AF=0.31,0.29;SR=20;RP=30|SR:RP|1:2|9:12",
                    "chr2|500|g1h|A|]chr1:1000]A|300|PASS|SVTYPE=BND;MATEID=g1o;PURPLE_AF=0.29,0.31|SR:RP|1:2|9:12",
                ], samples: ["COLO829R.bam", "COLO829T.bam"]))
        let g = try F.read(gridss)
        #expect(g.sample == "COLO829T")
        #expect(g.junctions[0].support.splitReads == 9 && g.junctions[0].support.spanningPairs == 12)
        #expect(g.junctions[0].support.alleleFraction == 0.31)
        // SvABA: SR split reads, DR discordant (alt) pairs.
        let svaba = try F.write(
            F.vcf(["chr1|1000|1:1|A|A[chr2:500[|.|PASS|SVTYPE=BND|GT:AD:DP:SR:DR|0/1:10:40:7:5"], samples: ["tumor.bam"]))
        let s = try F.read(svaba)
        #expect(s.junctions[0].support.splitReads == 7 && s.junctions[0].support.spanningPairs == 5)
    }

    @Test func contigNamingAltContigsAndMitochondria() throws {
        let path = try F.write(
            F.vcf([
                "1|1000|a|N|<DEL>|.|PASS|END=2000", "chrM|100|m|N|<DEL>|.|PASS|END=300", "NC_000017.11|500|acc|N|<DEL>|.|PASS|END=900",
                "chrUn_KI270742v1|100|u|N|<DEL>|.|PASS|END=200", "chr1_KI270706v1_random|100|r|N|<DEL>|.|PASS|END=200",
                "chr2|100|altmate|N|N[HLA-A*01:01:01:01:500[|.|PASS|SVTYPE=BND",
            ]))
        let set = try F.read(path)
        #expect(set.junctions.map(\.shape) == ["1:1000L 1:2001R", "MT:100L MT:301R", "17:500L 17:901R"])
        #expect(set.statistics.skippedContigs == 2)
        #expect(set.singleBreakends.map(\.id) == ["altmate"])
        #expect(set.statistics.isBalanced)
        // Output names are UCSC-style.
        #expect(set.junctions[1].first.position.description == "chrM:100")
    }

    @Test func buildFromHeaderCommandLineAndContradictions() throws {
        let grch37 = F.vcf(["chr1|1000000|a|N|<DEL>|.|PASS|END=2000000"], contigLength: 249_250_621)
        let path = try F.write(grch37)
        let lifted = try F.read(path)
        #expect(lifted.build == .grch37 && lifted.buildEvidence == .header)
        // Input coordinates are kept next to the GRCh38 ones.
        #expect(lifted.junctions[0].first.inputPosition.position == 1_000_000)
        #expect(lifted.junctions[0].first.position.position != 1_000_000)
        let asserted = try F.read(path, F.options(build: .grch38))
        #expect(asserted.build == .grch38 && asserted.buildEvidence == .commandLine)
        #expect(asserted.warnings.contains { $0.contains("--build GRCh38 contradicts the ##contig lengths, which are GRCh37's") })
        // ##reference names the build when contigs do not.
        let referenced = try F.write("##fileformat=VCFv4.2\n##reference=file:///ref/human_g1k_v37.fasta\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t10000000\ta\tN\t<DEL>\t.\tPASS\tEND=10005000\n")
        #expect(try F.read(referenced).build == .grch37)
        let hg18 = try F.write("##fileformat=VCFv4.1\n##reference=NCBI36\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t10000000\ta\tN\t<DEL>\t.\tPASS\tEND=10005000\n")
        #expect(F.error(hg18)?.message.contains("does not read") == true)
        // Nothing in the file: GRCh38 with a warning.
        let bare = try F.write("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t10000000\ta\tN\t<DEL>\t.\tPASS\tEND=10005000\n")
        let defaulted = try F.read(bare)
        #expect(defaulted.build == .grch38 && defaulted.buildEvidence == .defaulted && !defaulted.warnings.isEmpty)
    }

    @Test func referenceNamesOfTheUsualPipelines() {
        let cases: [(String, GenomeBuild?)] = [
            ("file:///Homo_sapiens.GRCh37.GATK.illumina.fasta", .grch37), ("hs37d5", .grch37), ("/ref/human_g1k_v37.fasta", .grch37),
            ("/longranger-2.2.2/refdata-b37-2.1.0/fasta/genome.fa", .grch37), ("file:///ref/hg19.fa", .grch37),
            ("gs://bucket/Homo_sapiens_assembly19.fasta", .grch37), ("/ref/hg38_no_alt.fa", .grch38),
            ("GRCh38_full_analysis_set_plus_decoy_hla.fa", .grch38), ("Homo_sapiens_assembly38.fasta", .grch38), ("genome.fa", nil),
        ]
        for (text, build) in cases { #expect(BuildClues.build(fromReference: text).build == build, "\(text)") }
        #expect(BuildClues.build(fromReference: "1000GenomesPilot-NCBI36").unsupported == "NCBI36")
    }

    @Test func grch37WithoutAChainSaysWhereToGetOne() throws {
        let path = try F.write(F.vcf(["chr1|1000000|a|N|<DEL>|.|PASS|END=2000000"], contigLength: 249_250_621))
        var options = F.options()
        options.liftover = nil
        options.liftoverAbsentReason = "the knowledge base kb.sqlite was built without the hg19ToHg38 liftover source"
        let error = try #require(F.error(path, options))
        #expect(error.message.contains("--chain") && error.message.contains("hg19ToHg38.over.chain.gz") && error.message.contains("kb.sqlite"))
    }

    @Test func sequenceResolvedDeletionsAreJunctionsSmallVariantsAreNot() throws {
        let deleted = String(repeating: "A", count: 120)
        let path = try F.write(
            F.vcf([
                "chr1|1000|seqdel|T\(deleted)|T|.|PASS|SVTYPE=DEL;END=1120", "chr1|5000|snv|A|C|.|PASS|.",
                "chr1|6000|ins|A|A\(deleted)|.|PASS|SVTYPE=INS",
            ]))
        let set = try F.read(path)
        #expect(set.junctions.map(\.shape) == ["1:1000L 1:1121R"])
        #expect(set.events.map(\.recordIDs) == [["seqdel"], ["ins"]])
        #expect(set.statistics.notStructural == 1 && set.statistics.isBalanced)
    }

    @Test func gzipAndBGZFReadTheSameAsPlain() throws {
        let text = F.vcf((1...200).map { "chr1|\($0 * 10_000)|d\($0)|N|<DEL>|.|PASS|END=\($0 * 10_000 + 500)" })
        let plain = try F.write(text)
        let gz = try F.gzip(plain)
        // BGZF is a series of gzip members; two concatenated members read as one stream.
        let half = text.index(text.startIndex, offsetBy: text.count / 2)
        let a = try F.gzip(try F.write(String(text[..<half]), name: "a.vcf")), b = try F.gzip(try F.write(String(text[half...]), name: "b.vcf"))
        let members = try Data(contentsOf: URL(fileURLWithPath: a)) + Data(contentsOf: URL(fileURLWithPath: b))
        let bgzf = try F.writeBytes(Array(members), name: "multi.vcf.gz")
        let expected = try F.read(plain).junctions.map(\.shape)
        #expect(expected.count == 200)
        #expect(try F.read(gz).junctions.map(\.shape) == expected)
        #expect(try F.read(bgzf).junctions.map(\.shape) == expected)
    }

    @Test func brokenFilesAreRefusedNotReadAsEmpty() throws {
        let text = F.vcf((1...3000).map { "chr1|\($0 * 1000)|d\($0)|N|<DEL>|.|PASS|END=\($0 * 1000 + 500);NOTE=padding-padding-padding" })
        let gz = try F.gzip(try F.write(text))
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: gz)))
        let truncated = try F.writeBytes(Array(bytes.prefix(bytes.count * 2 / 3)), name: "cut.vcf.gz")
        let t = try #require(F.error(truncated))
        #expect(t.message.contains("truncated") || t.message.contains("ended early") || t.message.contains("corrupt"))
        #expect(t.line != nil)
        // Binary junk, an empty file, a header without records' #CHROM line.
        var junk: [UInt8] = Array("##fileformat=VCFv4.2\n".utf8)
        junk += (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(F.error(try F.writeBytes(junk, name: "junk.vcf"))?.message.contains("binary") == true)
        #expect(F.error(try F.write("", name: "empty.vcf"))?.message.contains("empty") == true)
        #expect(F.error(try F.write("##fileformat=VCFv4.2\n##source=x\n", name: "headless.vcf"))?.message.contains("#CHROM") == true)
        // A header without records is read, with a warning, not silently as "no fusions".
        let headerOnly = try F.read(try F.write(F.vcf([]), name: "none.vcf"))
        #expect(headerOnly.events.isEmpty && headerOnly.warnings.contains { $0.contains("no records") })
    }

    @Test func aFiveMegabyteLineIsReadInBoundedMemory() throws {
        // A GRIDSS-style single breakend whose ALT carries 5 MB of inserted sequence.
        let sequence = String(repeating: "ACGT", count: 5 << 18)
        let path = try F.write(F.vcf([]) + "chr1\t1000\tbig\tA\tA\(sequence).\t.\tPASS\tSVTYPE=BND\nchr1\t5000\td\tN\t<DEL>\t.\tPASS\tEND=6000\n")
        let set = try F.read(path)
        #expect(set.singleBreakends.map(\.id) == ["big"])
        #expect(set.junctions.count == 1)
    }
}
