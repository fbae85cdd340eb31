import Foundation
import Testing

@testable import FusionBoardCore

/// Runs the real stages (knowledge base, annotation, evidence, score, explanation) on real breakpoints.
enum ExplanationSupport {
    static func analyse(_ sample: String, language: ExplanationLanguage = .en, deNovo: Bool = false, tumorType: String? = nil) throws -> CaseAnalysis {
        var options = PipelineOptions()
        options.deNovo = deNovo
        options.explanation = ExplanationOptions(language: language)
        return try Pipeline(knowledgeBase: try Fixtures.knowledgeBase(), options: options).run(inputs: [Fixtures.sample(sample)], sample: nil, tumorType: tumorType)
    }

    static func scored(_ sample: String, _ name: String, language: ExplanationLanguage = .en, deNovo: Bool = false) throws -> ScoredFusion {
        let analysis = try analyse(sample, language: language, deNovo: deNovo)
        return try #require(analysis.fusions.first { $0.fusion.name == name }, "\(name) not found in \(sample)")
    }

    /// A junction from a labelled-set row (GRCh37 exon-boundary coordinates of an RNA junction), lifted to GRCh38.
    /// Each breakend is placed `offset` bases into the intron on the side of the junction the partner keeps.
    static func fusion(
        _ kb: KnowledgeBase, gene5: String, chrom5: String, pos5: Int, strand5: Strand, gene3: String, chrom3: String, pos3: Int, strand3: Strand,
        offset: Int = 30, liftover given: Liftover? = nil, annotator givenAnnotator: Annotator? = nil, grch38: Bool = false
    ) throws -> FusionCandidate {
        let liftover = try given ?? #require(try kb.liftover(), "the knowledge base has no liftover chain")
        let lift: (GenomicPosition) -> (position: GenomicPosition, reversed: Bool)? = { grch38 ? ($0, false) : liftover.map($0) }
        // 5′ partner keeps its upstream part: + strand keeps left of a point past the exon end; − strand keeps right.
        let p5 = GenomicPosition(chromosome: chrom5, position: strand5 == .plus ? pos5 + offset : pos5 - offset)
        let p3 = GenomicPosition(chromosome: chrom3, position: strand3 == .plus ? pos3 - offset : pos3 + offset)
        guard let l5 = lift(p5), let l3 = lift(p3) else { throw KnowledgeBaseError("\(p5) or \(p3) does not lift over") }
        let kept5: KeptSide = (strand5 == .plus) != l5.reversed ? .left : .right
        let kept3: KeptSide = (strand3 == .plus) != l3.reversed ? .right : .left
        let b5 = Breakend(id: "bnd_5", position: l5.position, inputPosition: p5, keptSide: kept5)
        let b3 = Breakend(id: "bnd_3", position: l3.position, inputPosition: p3, keptSide: kept3)
        let junction = Junction(recordIDs: ["bnd_5", "bnd_3"], first: b5, second: b3, svType: StructuralVariantType.inferred(b5, b3), line: 1)
        let annotated = try (givenAnnotator ?? Annotator(knowledgeBase: kb)).annotate(junction)
        guard let fusion = annotated.fusions.first(where: { $0.fivePrime.gene == gene5 && $0.threePrime.gene == gene3 }) else {
            throw KnowledgeBaseError("no \(gene5)::\(gene3) from \(annotated.fusions.map(\.name)) \(annotated.note ?? "")")
        }
        return fusion
    }

    static func explain(_ kb: KnowledgeBase, _ fusion: FusionCandidate, language: ExplanationLanguage = .en, deNovo: Bool = false) throws -> (BoardExplanation, FusionEvidence, DriverScore) {
        let evidence = try EvidenceCollector(knowledgeBase: kb).collect(fusion)
        let score = PlaceholderRuleScorer().score(fusion, evidence: evidence, deNovo: deNovo)
        let explanation = Explainer(knowledgeBase: kb, options: ExplanationOptions(language: language))
            .explain(fusion: fusion, evidence: evidence, score: score, deNovo: deNovo, tumourType: nil)
        return (explanation, evidence, score)
    }

    /// A labelled-set row by pair name and label.
    static func labelledRow(_ file: String, pair: String, label: String) throws -> [String: String] {
        let text = try String(contentsOfFile: Fixtures.sharedFile(file), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        for line in lines.dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (i, name) in header.enumerated() where i < fields.count { row[name] = fields[i] }
            if row["FusionPair"] == pair && row["Label"] == label { return row }
        }
        throw KnowledgeBaseError("no row \(pair) with label \(label) in \(file)")
    }

    /// The domain labels classified as `cls` among a partner's domains the knowledge base lists.
    static func domainNames(_ partner: FusionPartner, _ cls: DomainClass) -> Set<String> {
        Set(partner.domains.filter { DomainVocabulary.classify($0.domain) == cls }.map(\.domain.name))
    }
}

@Suite("Explanation: mechanism on real breakpoints")
struct ExplanationMechanismTests {
    @Test func kif5bRetIsKinaseActivationNamingTheRetainedRetKinase() throws {
        let f = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET")
        let e = try #require(f.explanation)
        #expect(e.mechanism.mechanismClass == .kinaseActivation)
        let kinase = try #require(e.mechanism.reasons.first { $0.code == "kinase_retained" })
        #expect(kinase.gene == "RET")
        // The named domain is one of RET's kinase domains in the knowledge base, and it is kept in the fusion.
        let kinaseNames = ExplanationSupport.domainNames(f.fusion.threePrime, .kinase)
        #expect(!kinaseNames.isEmpty, "the knowledge base lists no RET kinase domain")
        let named = try #require(kinase.domains.first)
        #expect(kinaseNames.contains(named))
        #expect(f.fusion.threePrime.domains.contains { $0.domain.name == named && $0.fate == .retained })
        #expect(e.mechanism.summary.contains(named))
        #expect(e.mechanism.decidedBy.contains("structure.domains_kept_3p"))
    }

    @Test func eml4AlkIsKinaseActivation() throws {
        let f = try ExplanationSupport.scored("P002-lung-EML4-ALK.vcf", "EML4::ALK")
        let e = try #require(f.explanation)
        #expect(e.mechanism.mechanismClass == .kinaseActivation)
        let kinase = try #require(e.mechanism.reasons.first { $0.code == "kinase_retained" })
        #expect(kinase.gene == "ALK")
        #expect(ExplanationSupport.domainNames(f.fusion.threePrime, .kinase).contains(kinase.domains.first ?? "-"))
        #expect(e.mechanism.summary.contains("ALK kinase domain (\(kinase.domains.first ?? "-"))"))
    }

    @Test func tmprss2ErgIsPromoterSwap() throws {
        let f = try ExplanationSupport.scored("P003-prostate-TMPRSS2-ERG.vcf", "TMPRSS2::ERG")
        let e = try #require(f.explanation)
        #expect(e.mechanism.mechanismClass == .promoterSwap)
        // ERG's ETS DNA-binding domain is in the coding sequence the TMPRSS2 promoter drives.
        let cds = try #require(e.mechanism.reasons.first { $0.code == "coding_sequence_kept" })
        #expect(cds.domains.contains { ExplanationSupport.domainNames(f.fusion.threePrime, .dnaBinding).contains($0) })
    }

    @Test func ewsr1Fli1IsTranscriptionFactorChimera() throws {
        let f = try ExplanationSupport.scored("P004-sarcoma-EWSR1-FLI1.vcf", "EWSR1::FLI1")
        let e = try #require(f.explanation)
        #expect(e.mechanism.mechanismClass == .transcriptionFactorChimera)
        let dbd = try #require(e.mechanism.reasons.first { $0.code == "dna_binding_retained" })
        #expect(dbd.gene == "FLI1")
        #expect(ExplanationSupport.domainNames(f.fusion.threePrime, .dnaBinding).contains(dbd.domains.first ?? "-"))
    }

    /// BCR::ABL1 from K562's junction in the DeePrior training set (GRCh37 22:23632600 → 9:133729451), lifted over.
    @Test func bcrAbl1FromK562IsKinaseActivationWithBcrOligomerisation() throws {
        let kb = try Fixtures.knowledgeBase()
        let row = try ExplanationSupport.labelledRow("evaluation/deeprior_training_set.csv", pair: "BCR_ABL1", label: "1")
        #expect(row["Version"] == "grch37")
        let fusion = try ExplanationSupport.fusion(
            kb, gene5: "BCR", chrom5: "22", pos5: 23_632_600, strand5: .plus, gene3: "ABL1", chrom3: "9", pos3: 133_729_451, strand3: .plus)
        #expect(fusion.frame == .inFrame)
        let (e, evidence, score) = try ExplanationSupport.explain(kb, fusion)
        try TraceCheck.check(e, fusion: fusion, evidence: evidence, score: score)
        #expect(e.mechanism.mechanismClass == .kinaseActivation)
        let kinase = try #require(e.mechanism.reasons.first { $0.code == "kinase_retained" })
        #expect(kinase.gene == "ABL1")
        #expect(ExplanationSupport.domainNames(fusion.threePrime, .kinase).contains(kinase.domains.first ?? "-"))
        let oligo = try #require(e.mechanism.reasons.first { $0.code == "partner_oligomerisation" })
        #expect(oligo.gene == "BCR")
        #expect(!oligo.domains.isEmpty)
        // Imatinib and the other ABL1 inhibitors match on the pair, with the ABL1 kinase kept.
        let drugs = Set(e.therapies.filter { $0.level == "FDA-approved" }.map(\.drug))
        #expect(drugs.isSuperset(of: ["imatinib", "dasatinib", "nilotinib", "bosutinib", "ponatinib", "asciminib"]))
    }

    /// A normal-tissue negative of the DeePrior training set: ENTPD7 and CUTC, adjacent + strand genes on chr10.
    @Test func readThroughOfAdjacentSameStrandGenesIsLikelyPassenger() throws {
        let kb = try Fixtures.knowledgeBase()
        let row = try ExplanationSupport.labelledRow("evaluation/deeprior_training_set.csv", pair: "ENTPD7_CUTC", label: "0")
        let pos5 = try #require(Int(row["Coord5p"] ?? "")), pos3 = try #require(Int(row["Coord3p"] ?? ""))
        #expect(row["5pStrand"] == "+" && row["3pStrand"] == "+" && row["Chr5p"] == row["Chr3p"])
        let fusion = try ExplanationSupport.fusion(
            kb, gene5: "ENTPD7", chrom5: "10", pos5: pos5, strand5: .plus, gene3: "CUTC", chrom3: "10", pos3: pos3, strand3: .plus)
        #expect(fusion.adjacentSameStrand)
        for language in ExplanationLanguage.allCases {
            let (e, evidence, score) = try ExplanationSupport.explain(kb, fusion, language: language)
            try TraceCheck.check(e, fusion: fusion, evidence: evidence, score: score)
        }
        let (e, _, _) = try ExplanationSupport.explain(kb, fusion)
        #expect(e.mechanism.mechanismClass == .likelyPassenger)
        #expect(e.mechanism.reasons.contains { $0.code == "adjacent_same_strand" || $0.code == "read_through" })
        #expect(e.mechanism.summary.contains("adjacent"))
    }

    @Test func outOfFrameKinaseFusionIsNotKinaseActivationAndMatchesNoKinaseInhibitor() throws {
        // The real KIF5B::RET structure with the frame broken: the 3′ partner's residues are then not translated.
        let kb = try Fixtures.knowledgeBase()
        let f = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET")
        var fusion = f.fusion
        fusion.frame = .outOfFrame
        fusion.threePrime.keptResidues = nil
        fusion.threePrime.domains = Annotator.fates(fusion.threePrime.domains.map(\.domain), kept: nil)
        let (e, _, _) = try ExplanationSupport.explain(kb, fusion)
        #expect(e.mechanism.mechanismClass != .kinaseActivation)
        #expect(!e.therapies.contains { $0.drug == "selpercatinib" })
        #expect(e.therapyNotes.contains { $0.contains("selpercatinib") })
    }
}

/// BT474's STAR-Fusion calls: fusions whose 5′ partner gives only a few codons, in frame or out of frame.
@Suite("Explanation: promoter swap, frame and reciprocal junctions on real calls")
struct ExplanationFrameConsistencyTests {
    static func analyse(_ file: String) throws -> CaseAnalysis {
        try Pipeline(knowledgeBase: try Fixtures.knowledgeBase(), options: PipelineOptions())
            .run(inputs: [Fixtures.sharedFile(file)], sample: nil, tumorType: nil)
    }

    /// A few 5′ codons read out of frame into the 3′ coding sequence make no 3′ protein: no promoter swap, and the text
    /// never says the 3′ partner is translated. In frame, the text says the protein is read from the 5′ start codon.
    @Test func fewFivePrimeCodonsArePromoterSwapOnlyWhenTheThreePrimeProteinIsMade() throws {
        let a = try Self.analyse("cases/rna-fusion-calls/BT474.star-fusion.tsv")
        let few = a.fusions.filter { $0.fusion.fivePrime.codingBasesKept > 0 && $0.fusion.fivePrime.codingBasesKept < 150 && $0.fusion.threePrime.codingBasesKept > 0 }
        let outOfFrame = few.filter { $0.fusion.frame == .outOfFrame && !FactBuilder.keepsOwnStartCodon($0.fusion.threePrime) }
        let inFrame = few.filter { $0.fusion.frame == .inFrame }
        #expect(!outOfFrame.isEmpty && !inFrame.isEmpty, "BT474 has few-codon fusions in and out of frame")
        for f in outOfFrame {
            let e = try #require(f.explanation)
            #expect(e.mechanism.mechanismClass != .promoterSwap, "\(f.fusion.name)")
            #expect(!e.mechanism.summary.contains("translated"), "\(f.fusion.name): \(e.mechanism.summary)")
        }
        for f in inFrame {
            let e = try #require(f.explanation)
            #expect(e.mechanism.mechanismClass == .promoterSwap, "\(f.fusion.name)")
            #expect(e.mechanism.summary.contains("translated from the \(f.fusion.fivePrime.gene) start codon and read in frame"), "\(e.mechanism.summary)")
        }
        // TMPRSS2::ERG (no TMPRSS2 codons) stays a promoter swap.
        let erg = try ExplanationSupport.scored("P003-prostate-TMPRSS2-ERG.vcf", "TMPRSS2::ERG")
        #expect(erg.explanation?.mechanism.mechanismClass == .promoterSwap)
    }

    /// Where the junction's frame cannot be stated, the reading-frame row and the caveat name the frame of the whole
    /// exons joined, and that is the frame feature the model was given.
    @Test func unknownJunctionFrameNamesTheExonLevelFrameTheModelReads() throws {
        let a = try Self.analyse("cases/rna-fusion-calls/deeprior_FusionCatcher_out_example.txt")
        let unknown = a.fusions.filter { $0.fusion.frame == .unknown }
        #expect(!unknown.isEmpty)
        let frameFeatures = ["in-frame": "frame_in_frame", "out-of-frame": "frame_out_of_frame", "5'UTR→CDS": "frame_5utr_to_cds", "non-coding": "frame_non_coding"]
        for f in unknown {
            let exonLevel = f.fusion.exonLevelFrame
            #expect(exonLevel != .unknown)
            let row = try #require(f.evidence["reading_frame"])
            #expect(row.detail?.contains("whole exons joined: \(exonLevel.rawValue)") == true, "\(row.detail ?? "")")
            let document = CaseReport.make(a, generatedAt: Date(timeIntervalSince1970: 0), language: .en, maxCards: 100)
            let card = try #require(document.fusions.first { $0.inputLine == f.inputLine && $0.name == f.fusion.name })
            #expect(card.caveats.contains { $0.contains("Joined as whole exons the fusion would be \(exonLevel.rawValue)") })
            // The model's frame/region contribution carries the same frame as a 1.
            let group = try #require(f.score.contributions.first { $0.group == "frame/region" })
            let names = group.feature.split(separator: ","), values = group.value.split(separator: ",")
            let expected = try #require(frameFeatures[exonLevel.rawValue])
            let index = try #require(names.firstIndex { $0 == expected }, "\(group.feature)")
            #expect(values[index] == "1")
        }
    }

    /// EWSR1::FLI1 and its reciprocal FLI1::EWSR1 from one balanced translocation: each card points to the other.
    @Test func reciprocalJunctionsPointToEachOther() throws {
        let a = try ExplanationSupport.analyse("P004-sarcoma-EWSR1-FLI1.vcf")
        let document = CaseReport.make(a, generatedAt: Date(timeIntervalSince1970: 0), language: .en, maxCards: 100)
        let forward = try #require(document.fusions.first { $0.name == "EWSR1::FLI1" })
        let reverse = try #require(document.fusions.first { $0.name == "FLI1::EWSR1" })
        #expect(forward.caveats.contains { $0.hasPrefix("Reciprocal junction: FLI1(::)EWSR1 (#\(reverse.rank))") })
        #expect(reverse.caveats.contains { $0.hasPrefix("Reciprocal junction: EWSR1(::)FLI1 (#\(forward.rank))") })
        let japanese = CaseReport.make(a, generatedAt: Date(timeIntervalSince1970: 0), language: .ja, maxCards: 100)
        #expect(japanese.fusions.allSatisfy { card in card.caveats.contains { $0.hasPrefix("相互（reciprocal）接合") } })
        // A patient without the reverse pair gets no such caveat.
        let p001 = CaseReport.make(try ExplanationSupport.analyse("P001-lung-KIF5B-RET.vcf"), generatedAt: Date(timeIntervalSince1970: 0), language: .en, maxCards: 100)
        #expect(p001.fusions.allSatisfy { !$0.caveats.contains { $0.hasPrefix("Reciprocal junction") } })
    }
}

@Suite("Explanation: summary text")
struct ExplanationTextTests {
    @Test func kif5bRetTextStatesKinaseDomainLiteratureAndMechanismInEnglish() throws {
        let kb = try Fixtures.knowledgeBase()
        let f = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET")
        let e = try #require(f.explanation)
        let text = e.mechanism.summary
        let kinase = try #require(e.mechanism.reasons.first { $0.code == "kinase_retained" }?.domains.first)
        #expect(text.contains("RET kinase domain (\(kinase))"))
        #expect(text.contains("activates the RET kinase"))
        let ret = try #require(try kb.gene(named: "RET")), kif5b = try #require(try kb.gene(named: "KIF5B"))
        #expect(text.contains("\(ret.pubmedCount) on RET"))
        #expect(text.contains("\(kif5b.pubmedCount) records on KIF5B"))
        let shared = try kb.coCitations(kif5b.geneID, ret.geneID)
        #expect(text.contains("\(shared.count) cite both genes"))
        #expect(text.contains("PMID \(try #require(shared.first))"))
    }

    @Test func kif5bRetTextStatesKinaseDomainLiteratureAndMechanismInJapanese() throws {
        let kb = try Fixtures.knowledgeBase()
        let f = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET", language: .ja)
        let e = try #require(f.explanation)
        #expect(e.language == .ja)
        let text = e.mechanism.summary
        let kinase = try #require(e.mechanism.reasons.first { $0.code == "kinase_retained" }?.domains.first)
        #expect(text.contains("キナーゼ活性化型"))
        #expect(text.contains("RETのキナーゼドメイン（\(kinase)）"))
        #expect(text.contains("RETキナーゼは本来の制御を離れて活性化"))
        let ret = try #require(try kb.gene(named: "RET")), kif5b = try #require(try kb.gene(named: "KIF5B"))
        #expect(text.contains("RETが\(ret.pubmedCount)件"))
        #expect(text.contains("KIF5Bが\(kif5b.pubmedCount)件"))
        let shared = try kb.coCitations(kif5b.geneID, ret.geneID)
        #expect(text.contains("両遺伝子を共に扱う記録\(shared.count)件"))
        // No English sentence template leaks into the Japanese text.
        for phrase in ["Mechanism:", "Literature:", "Structure:", "Domains kept", "Score:"] { #expect(!text.contains(phrase)) }
    }

    @Test func deNovoTextUsesNoFusionLevelEvidence() throws {
        let f = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET", deNovo: true)
        let e = try #require(f.explanation)
        #expect(e.mechanism.summary.contains("De novo mode"))
        let fusionLevel = Set(EvidenceKeys.knownFusion + EvidenceKeys.fusionLiterature)
        #expect(!e.sentences.flatMap(\.evidence).contains { fusionLevel.contains($0) })
    }

    /// Every number and every gene/domain/accession-like name in each sentence occurs in the evidence items
    /// that sentence cites (checked for all sample fusions, both languages).
    @Test(arguments: ["P001-lung-KIF5B-RET.vcf", "P002-lung-EML4-ALK.vcf", "P003-prostate-TMPRSS2-ERG.vcf", "P004-sarcoma-EWSR1-FLI1.vcf"])
    func everySentenceTracesToItsEvidence(sample: String) throws {
        for language in ExplanationLanguage.allCases {
            let analysis = try ExplanationSupport.analyse(sample, language: language)
            #expect(!analysis.fusions.isEmpty)
            for f in analysis.fusions {
                try TraceCheck.check(try #require(f.explanation), fusion: f.fusion, evidence: f.evidence, score: f.score)
            }
        }
    }
}

/// The test's own extraction of facts from text (independent of the code under test).
enum TraceCheck {
    /// Template words that are not facts.
    static let vocabulary: Set<String> = ["PubMed", "PMID", "DNA", "DNA-binding", "UTR", "CDS"]

    /// Records an issue for every number or name of a sentence that is not in the items it cites.
    static func check(_ e: BoardExplanation, fusion: FusionCandidate, evidence: FusionEvidence, score: DriverScore) throws {
        let facts = FactBuilder.facts(fusion: fusion, evidence: evidence, score: score)
        for sentence in e.sentences {
            let cited = try sentence.evidence.map { key in try #require(facts[key], "\(fusion.name): sentence cites missing key \(key)") }
            let source = cited.map { item in
                ([item.key, item.label, item.value.description, item.detail ?? ""] + item.sources + item.pmids.map(String.init)).joined(separator: " ")
            }.joined(separator: " ") + " \(fusion.name)"
            let sourceNumbers = Set(numbers(source))
            for n in numbers(sentence.text) {
                #expect(sourceNumbers.contains(n), "\(fusion.name) [\(e.language)]: \(n) in “\(sentence.text)” is not in \(sentence.evidence)")
            }
            let sourceNames = Set(names(source))
            for name in names(sentence.text) where !vocabulary.contains(name) {
                #expect(sourceNames.contains(name), "\(fusion.name) [\(e.language)]: \(name) in “\(sentence.text)” is not in \(sentence.evidence)")
            }
        }
    }

    static func matches(_ pattern: String, _ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    /// Numbers not part of an identifier; 5′/3′ (partner sides) are not facts.
    static func numbers(_ text: String) -> [String] {
        let stripped = text.replacingOccurrences(of: "5′", with: " ").replacingOccurrences(of: "3′", with: " ")
        return matches("(?<![A-Za-z0-9_.])\\d+(?:\\.\\d+)?(?![A-Za-z0-9_])", stripped)
    }

    /// Gene-, domain- and accession-like names: two capitals, a capital and a digit, or an underscore.
    static func names(_ text: String) -> [String] {
        matches("[A-Za-z][A-Za-z0-9_\\-]*[A-Za-z0-9]", text).filter { token in
            let capitals = token.filter(\.isUppercase).count
            return capitals >= 2 || (capitals >= 1 && token.contains(where: \.isNumber)) || token.contains("_")
        }
    }
}

/// Through the built binary: the JSON contract and the options.
@Suite("Explanation: command line")
struct ExplanationCommandLineTests {
    @Test func scoreJSONCarriesMechanismClassSummaryAndEvidence() throws {
        for (language, marker) in [("en", "Mechanism: kinase activation"), ("ja", "キナーゼ活性化型")] {
            let result = try CLI.run(["score", Fixtures.sample("P001-lung-KIF5B-RET.vcf"), "--output-format", "json", "--language", language])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            let fusion = try #require(json.first { $0["gene5"] as? String == "KIF5B" })
            // The contract's keys at the top level of each fusion.
            #expect(fusion["fusion"] as? String == "KIF5B::RET")
            for key in ["driver_probability", "class", "model_output", "baseline", "contributions", "sv_ids", "pos5", "pos3"] {
                #expect(fusion[key] != nil, "missing \(key)")
            }
            let mechanism = try #require(fusion["mechanism"] as? [String: Any])
            #expect(mechanism["class"] as? String == "kinase_activation")
            #expect((mechanism["summary"] as? String)?.contains(marker) == true)
            let evidence = try #require(mechanism["evidence"] as? [[String: Any]])
            #expect(evidence.contains { $0["key"] as? String == "structure.domains_kept_3p" })
            #expect(evidence.allSatisfy { ($0["sources"] as? [String]) != nil })
        }
    }

    @Test func badExplanationOptionsAreUsageErrors() throws {
        let vcf = Fixtures.sample("P001-lung-KIF5B-RET.vcf")
        let language = try CLI.run(["score", vcf, "--language", "fr"])
        #expect(language.status == 1)
        #expect(language.stderr.contains("--language"))
        let half = try CLI.run(["score", vcf, "--llm-endpoint", "http://127.0.0.1:9/v1/chat/completions"])
        #expect(half.status == 1)
        #expect(half.stderr.contains("--llm-model"))
        let notURL = try CLI.run(["score", vcf, "--llm-endpoint", "ftp://example", "--llm-model", "m"])
        #expect(notURL.status == 1)
    }

    @Test func unreachableModelKeepsTheDeterministicText() throws {
        // Port 9 (discard) on loopback: nothing listens, the request fails, the deterministic text stays.
        let result = try CLI.run([
            "score", Fixtures.sample("P001-lung-KIF5B-RET.vcf"), "--output-format", "json", "--llm-endpoint", "http://127.0.0.1:9/v1/chat/completions",
            "--llm-model", "none", "--llm-timeout", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(!json.isEmpty)
        for fusion in json {
            let explanation = try #require((fusion["detail"] as? [String: Any])?["explanation"] as? [String: Any])
            let rephrasing = try #require(explanation["rephrasing"] as? [String: Any])
            #expect(rephrasing["accepted"] as? Bool == false)
            let mechanism = try #require(explanation["mechanism"] as? [String: Any])
            #expect(mechanism["summary"] as? String == explanation["deterministicSummary"] as? String)
        }
    }
}

@Suite("Explanation: domain vocabulary and therapies")
struct ExplanationVocabularyTests {
    static func domain(_ label: String, _ description: String? = nil) -> ProteinDomain {
        ProteinDomain(name: label, pfam: nil, description: description, aaStart: 1, aaEnd: 100, source: "test")
    }

    @Test(arguments: [
        ("Pkinase", DomainClass.kinase), ("Pkinase_Tyr", .kinase), ("PTKc_RET", .kinase), ("STKc_BRAF", .kinase),
        ("Ets", .dnaBinding), ("HLH", .dnaBinding), ("bZIP_1", .dnaBinding), ("Homeobox", .dnaBinding), ("zf-C2H2", .dnaBinding),
        ("HMG_box", .dnaBinding), ("Runt", .dnaBinding), ("Forkhead", .dnaBinding), ("PAX", .dnaBinding),
        ("SAM_PNT-ERG", .oligomerisation), ("Bcr-Abl_Oligo", .oligomerisation), ("BTB", .oligomerisation), ("LisH", .oligomerisation),
        ("PB1", .oligomerisation), ("TACC", .oligomerisation), ("KISc", .kinesinMotor), ("Kinesin", .kinesinMotor),
        ("WD40", .other), ("SH2", .other), ("SH3_Abl", .other), ("FHA", .other), ("Cadherin_repeat", .other), ("RRM", .other), ("HELP", .other),
    ])
    func labelsFallIntoTheirClass(label: String, expected: DomainClass) {
        #expect(DomainVocabulary.classify(Self.domain(label)) == expected)
    }

    @Test func descriptionsDecideWhenTheLabelIsUnknown() {
        #expect(DomainVocabulary.classify(Self.domain("cd12345", "Catalytic domain of the Protein Tyrosine Kinase, Example")) == .kinase)
        #expect(DomainVocabulary.classify(Self.domain("XYZ", "Forkhead-associated domain")) == .other)
        #expect(DomainVocabulary.classify(Self.domain("XYZ", "Coiled-coil region of Example")) == .oligomerisation)
        #expect(DomainVocabulary.classify(Self.domain("XYZ", "Kinase-associated domain 1")) == .other)
        #expect(DomainVocabulary.classify(Self.domain("HMG-CoA_red", "Hydroxymethylglutaryl-coenzyme A reductase (HMG-CoA reductase)")) == .other)
    }

    /// On the knowledge base's own domain table: every well-known fusion kinase has a kinase domain, every
    /// fusion transcription factor a DNA-binding domain.
    @Test func knowledgeBaseDomainsOfFusionGenesAreClassified() throws {
        let kb = try Fixtures.knowledgeBase()
        func classes(_ gene: String) throws -> Set<DomainClass> {
            let rows = try kb.db.rows("SELECT DISTINCT label, pfam, description FROM domain WHERE gene_symbol = ?", [.text(gene)])
            #expect(!rows.isEmpty, "no domains for \(gene)")
            return Set(rows.map { DomainVocabulary.classify(ProteinDomain(name: $0[0] ?? "", pfam: $0[1], description: $0[2], aaStart: 1, aaEnd: 2, source: "kb")) })
        }
        for gene in ["ALK", "RET", "ROS1", "ABL1", "NTRK1", "NTRK2", "NTRK3", "FGFR1", "FGFR2", "FGFR3", "BRAF", "MET", "PDGFRA", "PDGFRB", "JAK2"] {
            #expect(try classes(gene).contains(.kinase), "\(gene) has no kinase domain")
        }
        for gene in ["ERG", "FLI1", "ETV1", "ETV6", "RUNX1", "PAX3", "FOXO1", "TFE3", "MYC", "NR4A3", "CREB1", "ATF1", "DUX4"] {
            #expect(try classes(gene).contains(.dnaBinding), "\(gene) has no DNA-binding domain")
        }
        for gene in ["EWSR1", "TMPRSS2", "EML4", "KIF5B"] {
            let found = try classes(gene)
            #expect(!found.contains(.kinase) && !found.contains(.dnaBinding), "\(gene): \(found)")
        }
    }

    @Test func eml4AlkTierFollowsTheTumourType() throws {
        for (tumour, tier) in [("Lung adenocarcinoma", "I-A"), ("Prostate adenocarcinoma", "II-C")] {
            let analysis = try ExplanationSupport.analyse("P002-lung-EML4-ALK.vcf", tumorType: tumour)
            let f = try #require(analysis.fusions.first { $0.fusion.name == "EML4::ALK" })
            let therapies = try #require(f.explanation).therapies
            let alectinib = try #require(therapies.first { $0.drug == "alectinib" })
            #expect(alectinib.tier == tier, "\(tumour)")
            #expect(alectinib.reference.contains("FDA label"))
            #expect(alectinib.domainCheck.hasPrefix("ALK "))
        }
        let analysis = try ExplanationSupport.analyse("P002-lung-EML4-ALK.vcf")
        let f = try #require(analysis.fusions.first { $0.fusion.name == "EML4::ALK" })
        let labelled = try #require(f.explanation).therapies.filter { $0.level == "FDA-approved" }.map(\.drug)
        #expect(Set(labelled) == ["alectinib", "brigatinib", "lorlatinib", "crizotinib", "ceritinib"])
    }

    @Test func interactionDatabaseAddsLowerLevelEvidenceOnlyWithTheKinaseKept() throws {
        let kif5bRet = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET")
        let therapies = try #require(kif5bRet.explanation).therapies
        let interactions = therapies.filter { $0.level == "drug–gene interaction" }
        #expect(!interactions.isEmpty)
        // A gene-level interaction record is not tier evidence for the fusion: no AMP/ASCO/CAP tier, and the reason.
        #expect(interactions.allSatisfy { $0.tier == TherapyEvidence.notTiered && !$0.isTiered && $0.gene == "RET" })
        #expect(interactions.allSatisfy { $0.tierReason == "interaction database record, not a fusion-specific clinical result" })
        #expect(therapies.filter { $0.level == "FDA-approved" }.allSatisfy { $0.isTiered })
        // No curated drug listed twice, and the tissue-agnostic RET label is tier I-A.
        #expect(!interactions.contains { ["selpercatinib", "pralsetinib"].contains($0.drug) })
        #expect(therapies.contains { $0.drug == "selpercatinib" && $0.tier == "I-A" && $0.context.contains("solid tumours") })
        // TMPRSS2::ERG and EWSR1::FLI1 keep no kinase: no therapy evidence at all.
        for (sample, name) in [("P003-prostate-TMPRSS2-ERG.vcf", "TMPRSS2::ERG"), ("P004-sarcoma-EWSR1-FLI1.vcf", "EWSR1::FLI1")] {
            let f = try ExplanationSupport.scored(sample, name)
            #expect(try #require(f.explanation).therapies.isEmpty, "\(name)")
        }
    }

    @Test func renderPrintsMechanismSummaryContributionsAndTherapies() throws {
        let f = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET")
        let text = Explanation.render(f)
        #expect(text.contains("Mechanism: kinase_activation"))
        #expect(text.contains("kinase_retained: RET"))
        #expect(text.contains("Summary:"))
        #expect(text.contains("Contributions:"))
        #expect(text.contains("frame_in_frame"))
        #expect(text.contains("Therapy evidence (evidence, not a recommendation):"))
        #expect(text.contains("selpercatinib"))
        let ja = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET", language: .ja)
        #expect(Explanation.render(ja).contains("治療に関するエビデンス（推奨ではない）"))
    }
}

@Suite("Explanation: without optional sources")
struct ExplanationCoreKnowledgeBaseTests {
    /// On the core knowledge base (no domain, role, known-fusion or normal-tissue source) nothing is claimed
    /// that an absent source would have to say: the mechanism is uncertain and each absence is stated.
    @Test func absentSourcesAreSaidToBeAbsent() throws {
        let path = Fixtures.coreKnowledgeBasePath
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("no core knowledge base at \(path): run 'make kb-core' (make test does)")
            return
        }
        var options = PipelineOptions()
        options.explanation = ExplanationOptions(language: .en)
        let analysis = try Pipeline(knowledgeBase: try KnowledgeBase(path: path), options: options)
            .run(inputs: [Fixtures.sample("P001-lung-KIF5B-RET.vcf")], sample: nil)
        let f = try #require(analysis.fusions.first { $0.fusion.name == "KIF5B::RET" })
        let e = try #require(f.explanation)
        #expect(e.mechanism.mechanismClass == .uncertain)
        #expect(e.mechanism.reasons.map(\.code) == ["domains_absent"])
        let text = e.mechanism.summary
        #expect(text.contains("Neither partner has domain annotation"))
        #expect(text.contains("whether the pair was reported is unknown"))
        #expect(text.contains("recurrence in normal tissue is unknown"))
        #expect(!text.contains("not recorded"))
        // The RET labels are listed, their kinase-domain check marked as not made (no domain source); no tumour
        // type was given, so the NSCLC labels' tier is conditional and the tissue-agnostic one I-A.
        let labels = e.therapies.filter { $0.level == "FDA-approved" }
        #expect(Set(labels.map(\.drug)) == ["selpercatinib", "pralsetinib"])
        #expect(labels.allSatisfy { $0.domainCheckOutcome == .notChecked && $0.domainCheck.contains("no domain source in the knowledge base") })
        #expect(labels.contains { $0.drug == "pralsetinib" && $0.tier == "I-A / II-C" })
        #expect(labels.contains { $0.drug == "selpercatinib" && $0.tier == "I-A" && $0.context.contains("solid tumours") })
        #expect(e.therapyNotes.isEmpty)
    }
}
