import Foundation
import Testing

@testable import FusionBoardCore

/// Breakend annotation and fusion construction on real inputs: the COLO829 truth set, the K562
/// BCR::ABL1 junction and the SampleCases drivers (whose exons and frames SampleCases/README.md gives).
@Suite("Annotation")
struct AnnotationTests {
    private func analyse(_ path: String, kb: KnowledgeBase) throws -> CaseAnalysis {
        try Pipeline(knowledgeBase: kb, options: PipelineOptions()).run(inputs: [path], sample: nil)
    }

    /// Genome-mapped domains read for the whole table at once (large patients) come in the same rows and order as
    /// the per-gene read (small patients) and as the SQL join both stand for, checked on the genes where the order is
    /// decided by ties (several rows of one protein starting at the same residue) and on 30 other genes.
    @Test func genomicDomainsReadWholeEqualThePerGeneQuery() throws {
        let kb = try Fixtures.knowledgeBase()
        let keys = try kb.db.rows(
            """
            SELECT d.gene_symbol, g.chrom FROM domain d JOIN domain_genomic g ON g.domain_id = d.id
            GROUP BY d.gene_symbol, g.chrom, d.accession, d.aa_start HAVING COUNT(DISTINCT d.label || g.start) > 1
            ORDER BY COUNT(*) DESC LIMIT \(Annotator.bulkAfter - 1)
            """
        ).compactMap { row in row[0].flatMap { gene in row[1].map { (gene, $0) } } }
        try #require(keys.count > 10, "the knowledge base has no domain_genomic rows with ties")
        let perGene = try Annotator(knowledgeBase: kb), whole = try Annotator(knowledgeBase: kb)
        try whole.readAllGenomicDomains()
        let join = try kb.db.prepare(Annotator.genomicDomainSQL)
        func joined(_ gene: String, _ chromosome: String) throws -> [Annotator.GenomicDomainRow] {
            try join.bind([.text(gene), .text(chromosome)])
            var rows: [Annotator.GenomicDomainRow] = []
            while try join.step() { rows.append(Annotator.genomicDomainRow(join, from: 0)) }
            return rows
        }
        for (gene, chromosome) in keys {
            let a = try perGene.genomicDomains(gene: gene, chromosome: chromosome)
            #expect(!a.isEmpty)
            #expect(a == (try whole.genomicDomains(gene: gene, chromosome: chromosome)), "\(gene) on \(chromosome)")
            let sql = try joined(gene, chromosome)
            #expect(a == sql, "\(gene) on \(chromosome): the SQL join")
        }
        // And genes without ties, on their own chromosome and on another one (no rows).
        let more = try kb.db.rows(
            "SELECT DISTINCT d.gene_symbol, g.chrom FROM domain d JOIN domain_genomic g ON g.domain_id = d.id ORDER BY d.gene_symbol LIMIT 60 OFFSET 500"
        ).compactMap { row in row[0].flatMap { gene in row[1].map { (gene, $0) } } }
        try #require(more.count == 60)
        let fresh = try Annotator(knowledgeBase: kb)
        for (gene, chromosome) in more.prefix(30) {
            let a = try fresh.genomicDomains(gene: gene, chromosome: chromosome), sql = try joined(gene, chromosome)
            #expect(!a.isEmpty)
            #expect(a == sql, "\(gene) on \(chromosome)")
            let elsewhere = chromosome == "7" ? "8" : "7"
            let b = try fresh.genomicDomains(gene: gene, chromosome: elsewhere), sqlElsewhere = try joined(gene, elsewhere)
            #expect(b == sqlElsewhere, "\(gene) on \(elsewhere)")
        }
    }

    /// The nearest genes of an intergenic breakend come from the coding transcripts' spans alone, searched in 100 kb
    /// first: at 2,000 positions spread over the genome (a fixed sequence, the one of `make bench`'s genome-wide
    /// patient) they are the genes the whole transcript models give in the 1 Mb and 10 Mb windows (the choice among
    /// the spans, ``Annotator/nearest(to:among:)``, is shared; what is compared is the windows and the spans read).
    @Test func nearestGenesOfIntergenicBreakendsAreThoseOfTheWholeTranscriptModels() throws {
        let kb = try Fixtures.knowledgeBase()
        let annotator = try Annotator(knowledgeBase: kb)
        // The search before: the whole transcript models of the 1 Mb window, then of 10 Mb.
        func reference(_ chromosome: String, _ position: Int) throws -> [NearbyGene] {
            for window in [1_000_000, 10_000_000] {
                let spans = try kb.transcripts(chromosome: chromosome, from: max(1, position - window), to: position + window).filter(\.isCoding)
                    .map { (gene: $0.geneSymbol, strand: $0.strand, start: $0.start, end: $0.end) }
                let nearest = Annotator.nearest(to: position, among: spans)
                if nearest.count == 2 || window == 10_000_000 { return nearest }
            }
            return []
        }
        var wide = 0, oneSided = 0
        for (name, position) in ScoringBenchmark.genomeBreakends(count: 2_000) {
            let chromosome = try #require(Chromosome.canonical(name))
            let nearby = try annotator.nearbyGenes(chromosome, position)
            #expect(nearby == (try reference(chromosome, position)), "\(name):\(position)")
            if nearby.contains(where: { $0.distance > 100_000 }) { wide += 1 }
            if nearby.count < 2 { oneSided += 1 }
        }
        // The wider windows must be exercised too.
        #expect(wide > 100 && oneSided > 0, "\(wide) beyond 100 kb, \(oneSided) with a gene on one side only")
    }

    /// Exon lists are read from the column's bytes: the same numbers as splitting the text, for every transcript of
    /// the knowledge base and for pieces that are not integers.
    @Test func exonListsReadAsBytesEqualTheTextSplit() throws {
        let kb = try Fixtures.knowledgeBase()
        let statement = try kb.db.prepare("SELECT exon_starts, exon_ends, exon_frames FROM transcript")
        var rows = 0
        while try statement.step() {
            for column in 0..<3 {
                #expect(statement.integerList(column) == statement.text(column).split(separator: ",").compactMap { Int($0) })
            }
            rows += 1
        }
        #expect(rows > 10_000)
        for text in ["", ",", "1,2,", "-1,0,2", ",,7,,", "+5,x,3", "-", "+", "12a,4", "9223372036854775807,9223372036854775808,-9223372036854775808", " 1,2 "] {
            let bytes = Array(text.utf8)
            let parsed = bytes.withUnsafeBufferPointer { Statement.integerList($0) }
            #expect(parsed == text.split(separator: ",").compactMap { Int($0) }, "\(text)")
        }
    }

    private func fusion(_ name: String, in file: String) throws -> FusionCandidate {
        let kb = try Fixtures.knowledgeBase()
        let analysis = try analyse(Fixtures.sample(file), kb: kb)
        return try #require(analysis.junctions.flatMap(\.fusions).first { $0.name == name })
    }

    /// COLO829 truth set (GRCh37, lifted to GRCh38 with the knowledge base's chain): the genes reported
    /// at each breakend against the record's `GENE=` field.
    ///
    /// `GENE=` is written per junction (both records of a junction, and records of one complex cluster,
    /// carry the same genes), so a record agrees when every gene it lists is reported at that breakend or
    /// its mate, and no protein-coding gene is reported at the breakend that it does not list. Names are
    /// compared as current symbols (LARGE is now LARGE1). Measured: 123 of 134 records (92 %) agree.
    /// The 11 others:
    /// - truthset_19_1/_2, 20_1/_2: the truth set writes `NSHL1`, which is no gene (a misspelling of
    ///   NHSL1, which we report at 19_1 and 20_1);
    /// - truthset_48_1, 51_1: `<INS>` records form no junction, so no breakend is annotated;
    /// - truthset_7_1, 8_1: chr3:25.40 Mb lies in intron 1 of RARB's long refGene isoforms
    ///   NM_001290216/NM_001290300 (which start at 25.17/25.34 Mb), newer than the truth set's annotation;
    /// - truthset_1_1: chr1:87.34 Mb (GRCh37) is inside SELENOF (formerly SEP15), which the truth set omits;
    /// - truthset_52_2, 53_2: chr20:37.27 Mb is in ARHGAP40 intron NM_001164431, absent from the truth set.
    @Test func colo829GenesAgreeWithTheTruthSet() throws {
        let kb = try Fixtures.knowledgeBase()
        let path = Fixtures.sharedFile("cases/wgs-sv-vcf/truthset_somaticSVs_COLO829.vcf")
        let analysis = try analyse(path, kb: kb)
        var truth: [String: Set<String>] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard let gene = f[7].split(separator: ";").first(where: { $0.hasPrefix("GENE=") })?.dropFirst(5) else { continue }
            truth[f[2]] = gene == "." ? [] : Set(try gene.split(separator: ",").map { try kb.currentSymbol(String($0)) })
        }
        #expect(truth.count == 134)
        let coding = Set(try kb.db.rows("SELECT symbol FROM gene WHERE gene_type = 'protein-coding'").compactMap { $0[0] })
        var atBreakend: [String: Set<String>] = [:], atJunction: [String: Set<String>] = [:]
        for j in analysis.junctions {
            let annotations = [j.annotation1] + (j.annotation2.map { [$0] } ?? [])
            var union: Set<String> = []
            for (id, a) in zip(j.junction.recordIDs, annotations) {
                let genes = Set(a.hits.filter { $0.location.region != .promoter }.map(\.transcript.geneSymbol))
                atBreakend[id] = genes
                union.formUnion(genes)
            }
            for id in j.junction.recordIDs { atJunction[id] = union }
        }
        var agree = 0
        var disagreements: [String] = []
        for (id, expected) in truth.sorted(by: { $0.key < $1.key }) {
            guard let here = atBreakend[id], let junction = atJunction[id] else {
                disagreements.append("\(id): not annotated")
                continue
            }
            let extra = here.subtracting(expected).intersection(coding)
            if expected.isSubset(of: junction) && extra.isEmpty { agree += 1 } else { disagreements.append("\(id): \(expected.sorted()) vs \(here.sorted())") }
        }
        #expect(Double(agree) / Double(truth.count) >= 0.9, "agree \(agree)/\(truth.count): \(disagreements)")
        #expect(disagreements.count <= 11, "\(disagreements)")
    }

    @Test func k562BCRABL1IsInFrameAndKeepsTheABL1KinaseAndSH2SH3() throws {
        let kb = try Fixtures.knowledgeBase()
        let explanation = try FusionExplainer(knowledgeBase: kb).explain(
            gene5: "BCR", gene3: "ABL1",
            breakpoints: [GeneBreakpoint(chromosome: "22", position: 23_632_600, strand: .plus), GeneBreakpoint(chromosome: "9", position: 133_729_451, strand: .plus)],
            build: .grch37)
        let f = try #require(explanation.fusion)
        #expect(f.frame == .inFrame)
        #expect([13, 14].contains(f.fivePrime.keptExons?.upperBound ?? 0))
        #expect(f.threePrime.keptExons?.lowerBound == 2)
        let abl = Dictionary(f.threePrime.domains.map { ($0.domain.name, $0.fate) }, uniquingKeysWith: { a, _ in a })
        #expect(abl["Pkinase_Tyr"] == .retained)
        #expect(abl.contains { $0.key.hasPrefix("SH2") && $0.value == .retained })
        #expect(abl.contains { $0.key.hasPrefix("SH3") && $0.value == .retained })
        // BCR keeps its oligomerisation domain, loses its RhoGAP.
        #expect(f.fivePrime.domains.contains { $0.domain.name == "Bcr-Abl_Oligo" && $0.fate == .retained })
        #expect(f.fivePrime.domains.contains { $0.domain.name == "RhoGAP" && $0.fate == .lost })
        #expect(explanation.evidence["kinase_retained_3p"]?.value == .flag(true))
        #expect(explanation.evidence["oligomerisation_retained_5p"]?.value == .flag(true))
        #expect(explanation.evidence["kinase_retained_5p"]?.value == .flag(false))
    }

    @Test func kif5bRetKeepsTheRETKinaseAndTheKIF5BMotor() throws {
        let f = try fusion("KIF5B::RET", in: "P001-lung-KIF5B-RET.vcf")
        // SampleCases/README.md: KIF5B NM_004521 exons 1–15 :: RET NM_020975 exons 12–20, in frame.
        #expect(f.frame == .inFrame)
        #expect(f.fivePrime.transcript.accession == "NM_004521" && f.fivePrime.keptExons == 1...15)
        #expect(f.threePrime.transcript.accession == "NM_020975" && f.threePrime.keptExons == 12...20)
        #expect(f.threePrime.domains.contains { $0.domain.name == "Pkinase_Tyr" && $0.fate == .retained })
        #expect(f.fivePrime.domains.contains { ($0.domain.description ?? "").lowercased().contains("kinesin motor") && $0.fate == .retained })
        #expect(f.threePrime.domains.contains { $0.domain.name == "Cadherin_repeat" && $0.fate == .lost })
        let kb = try Fixtures.knowledgeBase()
        let evidence = try EvidenceCollector(knowledgeBase: kb).collect(f)
        for key in ["pubmed_count_5p", "pubmed_count_3p", "cocitation"] {
            guard case .number(let n)? = evidence[key]?.value else {
                Issue.record("\(key) is not a number")
                continue
            }
            #expect(n > 0, "\(key)")
        }
        #expect((evidence["cocitation"]?.pmids.count ?? 0) > 0)
        #expect(evidence["fusion_pmid_count"]?.knownFusion == true)
    }

    /// The display decision (docs/KNOWLEDGE-BASE.md): OncoKB's canonical TMPRSS2 NM_001135099 has a coding
    /// exon 1, so the canonical pair is out of frame; NM_005656's exon 1 is 5′UTR, and the productive pair
    /// is shown, with the canonical pair's frame kept beside it.
    @Test func tmprss2ErgKeepsTheETSDomainAndOnlyTMPRSS2s5UTR() throws {
        let f = try fusion("TMPRSS2::ERG", in: "P003-prostate-TMPRSS2-ERG.vcf")
        #expect(f.frame == .utr5ToCDS)
        #expect(f.fivePrime.transcript.accession == "NM_005656")
        #expect(f.fivePrime.keptExons == 1...1)
        #expect(f.fivePrime.codingBasesKept == 0)
        #expect(f.fivePrime.location.region == .intron && f.fivePrime.location.intron == 1)
        #expect(f.threePrime.domains.contains { $0.domain.name == "Ets" && $0.fate == .retained })
        #expect(f.defaultPairFrame == .outOfFrame)
        #expect(f.transcriptPairs.contains { $0.transcript5 == "NM_001135099" && $0.isDefaultPair && $0.frame == .outOfFrame })
        #expect(!f.fivePrime.isDefaultTranscript)
        #expect(f.displayChoice.contains("NM_001135099"))
        // The default pair's exons, so the canonical numbering a panel report uses can be compared.
        let defaultPair = try #require(f.transcriptPairs.first { $0.isDefaultPair })
        #expect(f.displayChoice.contains("\(defaultPair.transcript5) exon \(defaultPair.lastExon5) → \(defaultPair.transcript3) exon \(defaultPair.firstExon3) is out-of-frame"))
        #expect(EvidenceCollector.japaneseDisplayChoice(f).contains("\(defaultPair.transcript3) エクソン\(defaultPair.firstExon3)"))
        #expect(f.fivePrime.utr5Kept > 0 && f.fivePrime.utr3Lost > 0)
    }

    @Test func ewsr1Fli1AndEml4AlkMatchTheSampleCaseExons() throws {
        let ews = try fusion("EWSR1::FLI1", in: "P004-sarcoma-EWSR1-FLI1.vcf")
        #expect(ews.frame == .inFrame && ews.fivePrime.keptExons == 1...7 && ews.threePrime.keptExons == 6...9)
        #expect(ews.threePrime.domains.contains { $0.domain.name == "Ets" && $0.fate == .retained })
        let reciprocal = try fusion("FLI1::EWSR1", in: "P004-sarcoma-EWSR1-FLI1.vcf")
        #expect(reciprocal.frame == .inFrame)
        let eml = try fusion("EML4::ALK", in: "P002-lung-EML4-ALK.vcf")
        #expect(eml.frame == .inFrame && eml.fivePrime.keptExons == 1...13 && eml.threePrime.keptExons == 20...29)
        #expect(eml.threePrime.domains.contains { $0.domain.name == "Pkinase_Tyr" && $0.fate == .retained })
    }

    @Test func nonFusionJunctionsAreDescribed() throws {
        let kb = try Fixtures.knowledgeBase()
        let analysis = try analyse(Fixtures.sample("P001-lung-KIF5B-RET.vcf"), kb: kb)
        let notes = analysis.junctions.compactMap(\.note)
        // Intergenic deletions name their nearest genes; the DPP6 duplication is intragenic; GALNTL6/PCDH15 is 3′–3′.
        #expect(notes.contains { $0.hasPrefix("intergenic: intergenic between") })
        #expect(notes.contains { $0.contains("intragenic") && $0.contains("DPP6") })
        #expect(notes.contains { $0.contains("5′–5′ or 3′–3′") && $0.contains("GALNTL6") })
        let intergenic = try #require(analysis.junctions.first { $0.note?.hasPrefix("intergenic") == true })
        #expect(intergenic.annotation1.nearbyGenes.count == 2)
        #expect(intergenic.annotation1.nearbyGenes.allSatisfy { $0.distance > 0 })
    }

    @Test func genesNamedByACallerAreMatchedAsCurrentSymbols() throws {
        let kb = try Fixtures.knowledgeBase()
        let etv6 = try #require(try kb.gene(named: "ETV6")), runx1 = try #require(try kb.gene(named: "RUNX1"))
        let p5 = GenomicPosition(chromosome: "12", position: (etv6.start! + etv6.end!) / 2)
        let p3 = GenomicPosition(chromosome: "21", position: (runx1.start! + runx1.end!) / 2)
        // ETV6 (+) as 5′ keeps the left side; RUNX1 (−) as 3′ keeps the left side too.
        let junction = Junction(
            recordIDs: ["a", "b"], first: Breakend(id: "a", position: p5, keptSide: .left), second: Breakend(id: "b", position: p3, keptSide: .left),
            svType: .rnaFusion, line: 1, namedGene5: "TEL", namedGene3: "AML1")
        let annotated = try Annotator(knowledgeBase: kb).annotate(junction)
        #expect(annotated.fusions.map(\.name) == ["ETV6::RUNX1"], "\(String(describing: annotated.note))")
    }

    @Test func readThroughNeighboursAreFlagged() throws {
        let kb = try Fixtures.knowledgeBase()
        // A deletion joining CSDE1 (upstream, − strand) to its neighbour NRAS: a ConjoinG read-through pair.
        let csde1 = try #require(try kb.gene(named: "CSDE1")), nras = try #require(try kb.gene(named: "NRAS"))
        let explanation = try FusionExplainer(knowledgeBase: kb).explain(
            gene5: "CSDE1", gene3: "NRAS",
            breakpoints: [
                GeneBreakpoint(chromosome: "1", position: (csde1.start! + csde1.end!) / 2, strand: .minus),
                GeneBreakpoint(chromosome: "1", position: (nras.start! + nras.end!) / 2, strand: .minus),
            ], build: .grch38)
        let f = try #require(explanation.fusion, "\(explanation.notes)")
        #expect(f.adjacentSameStrand)
        #expect(explanation.evidence["readthrough_pair"]?.value == .flag(true))
        #expect(explanation.evidence["adjacent_same_strand"]?.value == .flag(true))
    }
}
