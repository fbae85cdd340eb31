import Foundation
import Testing

@testable import FusionBoardCore

/// Features and scores of real fusions: the sample patients through the pipeline and the shipped models.
@Suite("Driver scoring")
struct ScoringTests {
    /// Every scored fusion of the four sample patients (SampleCases/P001–P004).
    static func samplePatientFusions(_ kb: KnowledgeBase) throws -> [ScoredFusion] {
        let pipeline = Pipeline(knowledgeBase: kb, options: PipelineOptions())
        return try ["P001-lung-KIF5B-RET.vcf", "P002-lung-EML4-ALK.vcf", "P003-prostate-TMPRSS2-ERG.vcf", "P004-sarcoma-EWSR1-FLI1.vcf"]
            .flatMap { try pipeline.run(inputs: [Fixtures.sample($0)], sample: nil).fusions }
    }

    static func kif5bRet(_ kb: KnowledgeBase) throws -> ScoredFusion {
        let analysis = try Pipeline(knowledgeBase: kb, options: PipelineOptions()).run(inputs: [Fixtures.sample("P001-lung-KIF5B-RET.vcf")], sample: nil)
        return try #require(analysis.fusions.first { $0.fusion.name == "KIF5B::RET" })
    }

    @Test func kif5bRetIsScoredByATrainedModelWithExactContributions() throws {
        let kb = try Fixtures.knowledgeBase()
        let scored = try Self.kif5bRet(kb)
        let score = scored.score
        #expect(!score.isPlaceholder)
        #expect(score.scorer.contains("driver-"))
        #expect(score.scorer.contains("KB profile"))
        #expect(abs(score.baseline + score.contributions.map(\.contribution).reduce(0, +) - score.modelOutput) < 1e-6)
        #expect(score.probability > 0.5, "an in-frame kinase fusion scored \(score.probability)")
        #expect(score.driverClass == .likelyDriver)
        for c in score.contributions where c.group == FeatureGroup.frameRegion.rawValue { #expect(!c.sources.isEmpty) }
    }

    @Test func scoreJSONUsesTheContractKeys() throws {
        let kb = try Fixtures.knowledgeBase()
        let score = try Self.kif5bRet(kb).score
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(score)) as? [String: Any]
        for key in ["driver_probability", "class", "model_output", "baseline", "contributions"] { #expect(object?[key] != nil, "missing \(key)") }
        let first = (object?["contributions"] as? [[String: Any]])?.first
        for key in ["feature", "group", "value", "contribution", "sources"] { #expect(first?[key] != nil, "missing contribution key \(key)") }
    }

    @Test func featuresOfKIF5BRETDescribeTheFusion() throws {
        let kb = try Fixtures.knowledgeBase()
        let fusion = try Self.kif5bRet(kb).fusion
        let extractor = try FeatureExtractor(knowledgeBase: kb)
        let v = try extractor.extract(fusion)
        #expect(v["frame_in_frame"] == 1 && v["frame_out_of_frame"] == 0)
        #expect(v["break5_in_cds"] == 1 && v["break3_in_cds"] == 1)
        #expect(v["same_chromosome"] == 1)
        #expect(v["sv_inversion"] == 1)
        #expect(v["cds_fraction_kept_5p"] > 0.3 && v["cds_fraction_kept_5p"] < 0.8)
        #expect(v["structure_unknown"] == 0)
        // Absent sources are marked unknown, never a silent zero.
        #expect(v["domains_unknown"] == (extractor.profile.domains ? 0 : 1))
        #expect(v["roles_unknown"] == (extractor.profile.roles ? 0 : 1))
        #expect(v["known_fusions_unknown"] == (extractor.profile.knownFusions ? 0 : 1))
        if extractor.profile.domains { #expect(v["kinase_retained_3p"] == 1) }
    }

    @Test func anExactExonBoundaryChangesNoFeature() throws {
        let kb = try Fixtures.knowledgeBase()
        let original = try Self.kif5bRet(kb).fusion
        let t5 = original.fivePrime.transcript
        let last = try #require(original.fivePrime.keptExons?.upperBound)
        let i = t5.genomicIndex(ofExon: last)
        let donor = t5.strand == .plus ? t5.exonEnds[i] : t5.exonStarts[i]
        let insideExon = t5.strand == .plus ? donor - 7 : donor + 7
        let inIntron = t5.strand == .plus ? donor + 40 : donor - 40
        let annotator = try Annotator(knowledgeBase: kb)
        let extractor = try FeatureExtractor(knowledgeBase: kb)
        var vectors: [FeatureVector] = []
        for position in [donor, insideExon, inIntron] {
            let b5 = Breakend(id: "x", position: GenomicPosition(chromosome: t5.chromosome, position: position), keptSide: original.breakend5.keptSide)
            let junction = Junction(recordIDs: ["x"], first: b5, second: original.breakend3, svType: .inversion, line: 1)
            let fusion = try #require(try annotator.annotate(junction).fusions.first { $0.name == "KIF5B::RET" })
            vectors.append(try extractor.extract(fusion))
        }
        // Only the breakpoint distance moves (by the bases shifted); every other feature is identical.
        let distance = FeatureSchema.index["distance"]!
        func withoutDistance(_ v: FeatureVector) -> [Double] { v.values.enumerated().filter { $0.offset != distance }.map(\.element) }
        #expect(withoutDistance(vectors[0]) == withoutDistance(vectors[1]))
        #expect(withoutDistance(vectors[0]) == withoutDistance(vectors[2]))
        #expect(abs(vectors[0]["distance"] - vectors[2]["distance"]) < 1e-4)
    }

    @Test func deNovoScoresUseNoKnownFusionEvidence() throws {
        let kb = try Fixtures.knowledgeBase()
        let scorer = try ModelDriverScorer(knowledgeBase: kb, deNovo: true)
        #expect(scorer.model.deNovo)
        let known = Set(FeatureSchema.features.filter(\.knownFusionEvidence).map(\.key))
        let score = try scorer.score(Self.kif5bRet(kb).fusion, evidence: FusionEvidence(items: []), deNovo: true)
        for c in score.contributions {
            for key in c.feature.split(separator: ",") { #expect(!known.contains(String(key)), "\(key) used de novo") }
        }
        #expect(score.scorer.contains("de novo"))
        #expect(abs(score.baseline + score.contributions.map(\.contribution).reduce(0, +) - score.modelOutput) < 1e-6)
    }

    @Test func theLogisticBaselineAttributesPerFeatureExactly() throws {
        let kb = try Fixtures.knowledgeBase()
        let probe = try FeatureExtractor(knowledgeBase: kb)
        let model = try ModelStore.load(folder: Fixtures.root.appendingPathComponent("Models").path, available: probe.available, deNovo: true, kind: .logistic)
        let scorer = try ModelDriverScorer(knowledgeBase: kb, model: model)
        let score = try scorer.score(Self.kif5bRet(kb).fusion, evidence: FusionEvidence(items: []), deNovo: true)
        #expect(score.contributions.count == model.inputs.count)
        #expect(abs(score.baseline + score.contributions.map(\.contribution).reduce(0, +) - score.modelOutput) < 1e-9)
    }

    /// The attributions kernel against two independent computations, on every fusion of the sample patients with
    /// the shipped de novo and all-evidence networks: the plain Gray-code definition with the C library's tanh
    /// (the arithmetic of the first shipped outputs, to 1e-12), and coalition values from the network's own
    /// logit (to 1e-9); the scorer's logit and contributions are the kernel's, bit for bit.
    @Test func attributionsOfTheSamplePatientsMatchTheDefinition() throws {
        let kb = try Fixtures.knowledgeBase()
        let fusions = try Self.samplePatientFusions(kb)
        try #require(fusions.count >= 4)
        for deNovo in [true, false] {
            let scorer = try ModelDriverScorer(knowledgeBase: kb, deNovo: deNovo)
            let model = scorer.model
            try #require(model.kind == .network)
            for scored in fusions {
                let features = try scorer.extractor.extract(scored.fusion, evidence: scored.evidence)
                let z = model.standardise(features)
                let reference = Self.plainGrayCodeShapley(model, z)
                let fast = model.groupShapley(z)
                #expect(abs(fast.baseline - reference.baseline) < 1e-12, "\(scored.fusion.name)")
                for (a, b) in zip(fast.values, reference.values) { #expect(abs(a - b) < 1e-12, "\(scored.fusion.name): \(fast.values) vs \(reference.values)") }
                let score = try scorer.score(features: features)
                #expect(score.modelOutput.bitPattern == model.logit(z).bitPattern)
                #expect(score.contributions.map(\.contribution.bitPattern) == fast.values.map(\.bitPattern))
                // Coalition values straight from the network's logit with the other groups at the reference.
                let groups = model.groups, n = groups.count
                var value = [Double](repeating: 0, count: 1 << n)
                for mask in 0..<(1 << n) {
                    var probe = [Double](repeating: 0, count: z.count)
                    for k in 0..<n where mask & (1 << k) != 0 { for i in groups[k].indices { probe[i] = z[i] } }
                    value[mask] = model.logit(probe)
                }
                func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }
                for k in 0..<n {
                    var phi = 0.0
                    for mask in 0..<(1 << n) where mask & (1 << k) == 0 {
                        let s = mask.nonzeroBitCount
                        phi += factorial(s) * factorial(n - s - 1) / factorial(n) * (value[mask | (1 << k)] - value[mask])
                    }
                    #expect(abs(phi - fast.values[k]) < 1e-9, "\(scored.fusion.name) group \(groups[k].group.rawValue)")
                }
                #expect(abs(fast.baseline + fast.values.reduce(0, +) - model.logit(z)) < 1e-9)
            }
        }
    }

    /// A hidden unit's tanh comes from products of exponentials while |bias| + Σ|share| ≤ the product limit, else
    /// from the activation routine on the summed pre-activation. With the shipped de novo network's hidden
    /// weights scaled up (so units of the sample patients' fusions fall on both sides of the limit) the kernel's
    /// logit is still the model's logit bit for bit, the attributions are exactly efficient, and both agree
    /// with the C library's tanh computed the plain way.
    @Test func bothActivationRoutesKeepTheAttributionsExact() throws {
        let kb = try Fixtures.knowledgeBase()
        var options = PipelineOptions()
        options.deNovo = true
        let pipeline = Pipeline(knowledgeBase: kb, options: options)
        let fusions = try ["P001-lung-KIF5B-RET.vcf", "P003-prostate-TMPRSS2-ERG.vcf"].flatMap { try pipeline.run(inputs: [Fixtures.sample($0)], sample: nil).fusions }
        let shipped = try ModelDriverScorer(knowledgeBase: kb, deNovo: true)
        var model = shipped.model
        try #require(model.kind == .network)
        var routes: Set<Bool> = []
        for scale in [1.0, 40.0, 1_000.0] {
            model.hidden = shipped.model.hidden.map { $0.map { $0 * scale } }
            for scored in fusions {
                let z = model.standardise(try shipped.extractor.extract(scored.fusion, evidence: scored.evidence))
                for h in model.hidden.indices {
                    var magnitude = abs(model.hiddenBias[h])
                    for g in model.groups { magnitude += abs(g.indices.reduce(0.0) { $0 + model.hidden[h][$1] * z[$1] }) }
                    routes.insert(magnitude <= Activation.productLimit)
                }
                let kernel = ShapleyKernel(model).attribute(z)
                #expect(kernel.logit.bitPattern == model.logit(z).bitPattern, "\(scored.fusion.name) × \(scale)")
                #expect(abs(kernel.baseline + kernel.values.reduce(0, +) - kernel.logit) < 1e-9)
                let reference = Self.plainGrayCodeShapley(model, z)
                #expect(abs(kernel.baseline - reference.baseline) < 1e-9 * max(1, abs(reference.baseline)))
                for (a, b) in zip(kernel.values, reference.values) { #expect(abs(a - b) < 1e-9 * max(1, abs(b)), "\(scored.fusion.name) × \(scale)") }
            }
        }
        #expect(routes == [true, false], "the scaled network should put units on both sides of the limit")
    }

    /// A network of one feature group (the kernel pads it to two groups of share 0), and one of two, get the logit
    /// bit for bit and the attributions of the plain definition.
    @Test func networksOfFewerThanTwoGroupsAreAttributedExactly() {
        for inputs in [["distance", "sv_deletion", "sv_translocation"], ["distance", "sv_deletion", "sv_translocation", "utr5_kept_5p"]] {
            var generator = SeededGenerator(seed: 11)
            let units = 5
            let model = DriverModel(
                name: "small", kind: .network, profile: .core, deNovo: true, knowledgeBaseBuild: "-", trainingData: "-", seed: 11, inputs: inputs,
                mean: inputs.map { _ in 0 }, scale: inputs.map { _ in 1 },
                hidden: (0..<units).map { _ in inputs.map { _ in generator.normal() } }, hiddenBias: (0..<units).map { _ in generator.normal() },
                output: (0..<units).map { _ in generator.normal() }, outputBias: 0.3)
            let z = inputs.map { _ in 2 * generator.normal() }
            let kernel = ShapleyKernel(model).attribute(z), reference = Self.plainGrayCodeShapley(model, z)
            #expect(model.groups.count == inputs.count - 2)
            #expect(kernel.logit.bitPattern == model.logit(z).bitPattern)
            #expect(abs(kernel.baseline - reference.baseline) < 1e-12)
            for (a, b) in zip(kernel.values, reference.values) { #expect(abs(a - b) < 1e-12) }
            #expect(abs(kernel.baseline + kernel.values.reduce(0, +) - kernel.logit) < 1e-12)
        }
    }

    /// The network attributions as first written (arrays of arrays, one Gray-code walk, one C-library tanh per
    /// unit and coalition).
    static func plainGrayCodeShapley(_ model: DriverModel, _ z: [Double]) -> (baseline: Double, values: [Double]) {
        let g = model.groups, n = g.count, units = model.hidden.count
        var value = [Double](repeating: 0, count: 1 << n)
        var share = [[Double]](repeating: [Double](repeating: 0, count: units), count: n)
        for k in 0..<n {
            for h in 0..<units {
                var a = 0.0
                for i in g[k].indices { a += model.hidden[h][i] * z[i] }
                share[k][h] = a
            }
        }
        var pre = model.hiddenBias
        func evaluate() -> Double {
            var s = model.outputBias
            for h in 0..<units { s += model.output[h] * tanh(pre[h]) }
            return s
        }
        value[0] = evaluate()
        var mask = 0
        for t in stride(from: 1, to: 1 << n, by: 1) {
            let k = t.trailingZeroBitCount, bit = 1 << k
            let entering = mask & bit == 0
            mask ^= bit
            for h in 0..<units { pre[h] += entering ? share[k][h] : -share[k][h] }
            value[mask] = evaluate()
        }
        var factorial = [Double](repeating: 1, count: n + 1)
        for k in stride(from: 1, through: n, by: 1) { factorial[k] = factorial[k - 1] * Double(k) }
        var phi = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let bit = 1 << k
            for mask in 0..<(1 << n) where mask & bit == 0 {
                let s = mask.nonzeroBitCount
                phi[k] += factorial[s] * factorial[n - s - 1] / factorial[n] * (value[mask | bit] - value[mask])
            }
        }
        let residual = value[(1 << n) - 1] - value[0] - phi.reduce(0, +)
        if n > 0, let largest = phi.indices.max(by: { abs(phi[$0]) < abs(phi[$1]) }) { phi[largest] += residual }
        return (value[0], phi)
    }

    /// The inference activation against the C library's tanh: a few units in the last place over the range the
    /// networks see and beyond, odd, exact at 0 and ±1 in saturation, the same bits lane by lane and alone.
    @Test func theActivationIsTanhToTheLastDigits() {
        var worst = 0.0
        var x = -25.0
        while x <= 25 {
            for probe in [x, x * 1e-3, x * 1e-9] {
                let fast = Activation.tanh(probe), reference = Foundation.tanh(probe)
                worst = max(worst, abs(fast - reference) / max(reference.ulp, Double.leastNormalMagnitude))
                #expect(Activation.tanh(-probe) == -fast)
            }
            x += 0.000_37
        }
        #expect(worst <= 4, "worst error \(worst) ulp")
        #expect(Activation.tanh(0) == 0 && Activation.tanh(-0.0).sign == .minus)
        #expect(Activation.tanh(20) == 1 && Activation.tanh(-700) == -1 && Activation.tanh(1e300) == 1)
        #expect(Activation.tanh(1e-300) == 1e-300)
        var buffer = (0..<103).map { Double($0) * 0.071 - 3.3 }
        buffer.withUnsafeMutableBufferPointer { Activation.tanhInPlace($0) }
        for i in buffer.indices { #expect(buffer[i].bitPattern == Activation.tanh(Double(i) * 0.071 - 3.3).bitPattern) }
    }

    /// Feature extraction reads the per-gene and pair tables whole after a number of genes or pairs (the known-fusion
    /// table summarised in one pass, the role and category tables scanned once), or for a batch's genes only: the
    /// features (values and sources) of every sample fusion and of the 156 real fusions of deeprior_test_set_1 are
    /// those of the per-gene and per-pair queries either way. (Their evidence without its gene-pair facts, as when a
    /// report is read back, so the knowledge base answers.)
    @Test func tablesReadWholeOrForABatchsGenesGiveTheFeaturesOfThePerGeneQueries() throws {
        let kb = try Fixtures.knowledgeBase()
        let sample = try Self.samplePatientFusions(kb)
        try #require(sample.count >= 4)
        let (testSet, testEvidence) = try Self.testSet1Batch(kb)
        let fusions = sample.map { ($0.fusion, Self.withoutPairFacts($0.evidence)) } + zip(testSet, testEvidence.map(Self.withoutPairFacts)).map { ($0, $1) }
        let queried = try FeatureExtractor(knowledgeBase: kb), whole = try FeatureExtractor(knowledgeBase: kb)
        queried.geneQueryLimit = .max
        queried.knownPairQueryLimit = .max
        whole.geneQueryLimit = 0
        whole.knownPairQueryLimit = 0
        // Read for the genes of the first half only (as a batch reads them for its genes): the second half's genes
        // outside that set make it read the tables whole.
        let subset = try FeatureExtractor(knowledgeBase: kb)
        subset.geneQueryLimit = .max
        subset.knownPairQueryLimit = .max
        // (With a name SQLite must receive escaped in the JSON list: a quote, a backslash, a control character.)
        let firstHalf = Set(fusions.prefix(fusions.count / 2).flatMap { [$0.0.fivePrime.gene, $0.0.threePrime.gene] } + ["NOT\"A\\GENE\u{1}"])
        #expect(subset.readsSubset(genes: firstHalf.count))
        try subset.prepare(genes: firstHalf)
        var queriedVectors: [FeatureVector] = []
        for (n, (fusion, evidence)) in fusions.enumerated() {
            let a = try queried.extract(fusion, evidence: evidence), b = try whole.extract(fusion, evidence: evidence)
            let c = try subset.extract(fusion, evidence: evidence)
            if n < fusions.count / 2 { #expect(subset.wholeTableReads == 0, "\(fusion.name): its genes were read") }
            #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern), "\(fusion.name)")
            #expect(a.sources == b.sources, "\(fusion.name)")
            #expect(a.values.map(\.bitPattern) == c.values.map(\.bitPattern), "\(fusion.name): tables read for a set of genes")
            #expect(a.sources == c.sources, "\(fusion.name): tables read for a set of genes")
            queriedVectors.append(a)
        }
        #expect(subset.wholeTableReads == 1, "genes outside the set read the tables whole, once")
        #expect(queried.wholeTableReads == 0 && whole.wholeTableReads == 1)
        // The looked-up groups must be exercised, with more than one value, for the comparison to mean anything.
        func distinct(_ key: String) -> Int { Set(queriedVectors.map { $0[key] }).count }
        if queried.available.knownFusions {
            #expect(distinct("known_pair_sources") > 2)
            #expect(distinct("known_partners_5p") > 10 && distinct("known_partners_3p") > 10)
        }
        if queried.available.roles {
            for key in ["oncogene_5p", "oncogene_3p", "tumour_suppressor_5p", "kinase_gene_3p"] { #expect(distinct(key) == 2, "\(key)") }
        }
    }

    /// The evidence rows and the model's domain features classify domains alike (one classifier): on the sample
    /// patients and the 156 real fusions of deeprior_test_set_1, a kept kinase, DNA-binding or oligomerisation domain
    /// in the evidence is the feature's value, and KIF5B::RET keeps KIF5B's kinesin neck and RET's kinase in both.
    @Test func evidenceRowsAndFeaturesAgreeOnDomainClasses() throws {
        let kb = try Fixtures.knowledgeBase()
        try #require(kb.hasSource(category: "domains"))
        let sample = try Self.samplePatientFusions(kb)
        let (testSet, testEvidence) = try Self.testSet1Batch(kb)
        let extractor = try FeatureExtractor(knowledgeBase: kb)
        var kept: [String: Int] = [:]
        for (fusion, evidence) in sample.map({ ($0.fusion, $0.evidence) }) + zip(testSet, testEvidence).map({ ($0, $1) }) {
            let v = try extractor.extract(fusion, evidence: evidence)
            func flag(_ key: String) -> Bool { evidence[key]?.value == .flag(true) }
            #expect(v["kinase_retained_5p"] == (flag("kinase_retained_5p") ? 1 : 0), "\(fusion.name)")
            #expect(v["kinase_retained_3p"] == (flag("kinase_retained_3p") ? 1 : 0), "\(fusion.name)")
            #expect(v["dna_binding_retained"] == (flag("dna_binding_retained_5p") || flag("dna_binding_retained_3p") ? 1 : 0), "\(fusion.name)")
            #expect(v["oligomerisation_retained_5p"] == (flag("oligomerisation_retained_5p") ? 1 : 0), "\(fusion.name)")
            for key in ["kinase_retained_3p", "dna_binding_retained", "oligomerisation_retained_5p"] where v[key] == 1 { kept[key, default: 0] += 1 }
        }
        // The comparison must meet every class (KIF5B::RET and EML4::ALK keep a kinase, EWSR1::FLI1 a DNA-binding domain …).
        #expect(kept["kinase_retained_3p", default: 0] >= 2 && kept["dna_binding_retained", default: 0] >= 2, "\(kept)")
        #expect(kept["oligomerisation_retained_5p", default: 0] >= 1, "\(kept)")
        let kif5bRet = try #require(sample.first { $0.fusion.name == "KIF5B::RET" })
        #expect(kif5bRet.evidence["oligomerisation_retained_5p"]?.value == .flag(true))
        #expect(kif5bRet.evidence["kinase_retained_3p"]?.value == .flag(true))
    }

    /// The evidence as a report read back gives it: items only, so the knowledge base answers the knowledge features.
    static func withoutPairFacts(_ evidence: FusionEvidence) -> FusionEvidence {
        var copy = evidence
        copy.pairFacts = nil
        return copy
    }

    /// The evidence collector records the gene-pair facts it looked up (``GenePairFacts``), and the model reads them
    /// instead of the knowledge base: on the sample patients and the 156 real fusions of deeprior_test_set_1, the
    /// features (values and sources, bit for bit) are those the knowledge base gives without them, for the full
    /// profile, a core model's profile on the full knowledge base and the de novo models' inputs, with the collector's
    /// evidence and with its de novo part. The facts are used for nearly every fusion (all but those whose gene the
    /// gene table knows by another current symbol).
    @Test func theEvidencesGenePairFactsGiveTheFeaturesOfTheKnowledgeBase() throws {
        let kb = try Fixtures.knowledgeBase()
        let sample = try Self.samplePatientFusions(kb)
        let (testSet, testEvidence) = try Self.testSet1Batch(kb)
        let fusions = sample.map { ($0.fusion, $0.evidence) } + zip(testSet, testEvidence).map { ($0, $1) }
        let deNovoInputs = try ModelStore.load(
            folder: Fixtures.root.appendingPathComponent("Models").path, available: FeatureExtractor(knowledgeBase: kb).available, deNovo: true
        ).inputs
        let settings: [(String, KnowledgeProfile?, [String]?)] = [("all features", nil, nil), ("core profile", .core, nil), ("de novo inputs", nil, deNovoInputs)]
        for (name, profile, inputs) in settings {
            for deNovoEvidence in [false, true] {
                let fromFacts = try FeatureExtractor(knowledgeBase: kb, restrictTo: profile, inputs: inputs)
                let fromTables = try FeatureExtractor(knowledgeBase: kb, restrictTo: profile, inputs: inputs)
                var answered = 0
                for (fusion, collected) in fusions {
                    let evidence = deNovoEvidence ? collected.deNovo : collected
                    if fromFacts.usableFacts(evidence, gene5: fusion.fivePrime.gene, gene3: fusion.threePrime.gene) != nil { answered += 1 }
                    let a = try fromFacts.extract(fusion, evidence: evidence), b = try fromTables.extract(fusion, evidence: Self.withoutPairFacts(evidence))
                    #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern), "\(name), de novo evidence \(deNovoEvidence): \(fusion.name)")
                    #expect(a.sources == b.sources, "\(name), de novo evidence \(deNovoEvidence): \(fusion.name)")
                }
                // De novo evidence carries no known-fusion facts: a model reading known fusions asks the knowledge base.
                let readsKnown = fromFacts.profile.knownFusions && (inputs?.contains { $0.hasPrefix("known_") } ?? true)
                if deNovoEvidence && readsKnown {
                    #expect(answered == 0, "\(name)")
                } else {
                    #expect(answered >= fusions.count * 9 / 10, "\(name), de novo evidence \(deNovoEvidence): \(answered) of \(fusions.count)")
                }
            }
        }
        // The comparison must meet every looked-up value more than once.
        let extractor = try FeatureExtractor(knowledgeBase: kb)
        let vectors = try fusions.map { try extractor.extract($0.0, evidence: $0.1) }
        func distinct(_ key: String) -> Int { Set(vectors.map { $0[key] }).count }
        for key in ["pubmed_5p", "pubmed_3p", "cocitation", "known_pair_sources", "known_partners_5p", "known_partners_3p"] {
            #expect(distinct(key) > 2, "\(key)")
        }
        for key in ["oncogene_5p", "oncogene_3p", "tumour_suppressor_5p", "kinase_gene_3p", "normal_pair"] { #expect(distinct(key) == 2, "\(key)") }
    }

    /// The 156 real fusions of deeprior_test_set_1 with their collected evidence: a batch of several chunks.
    static func testSet1Batch(_ kb: KnowledgeBase) throws -> ([FusionCandidate], [FusionEvidence]) {
        let examples = try LabelledSetLoader(knowledgeBase: kb).load(Fixtures.sharedFile("evaluation/deeprior_test_set_1.csv"))
        let collector = EvidenceCollector(knowledgeBase: kb)
        let fusions = examples.compactMap(\.fusion)
        try #require(fusions.count > 2 * ModelDriverScorer.chunkSize)
        return (fusions, try fusions.map { try collector.collect($0) })
    }

    /// The pipeline scores a patient's fusions in one batch over several threads (the knowledge features on one,
    /// chunks of 64 completed and scored on all): on the 156 real fusions of deeprior_test_set_1 (collected
    /// evidence, both modes) the batch gives the same scores, bit for bit, as scoring one fusion at a time, for
    /// one, two and three threads, with the knowledge features from the evidence's gene-pair facts, (evidence read
    /// back) from the per-gene tables read for the batch's genes or whole, or half from each.
    @Test func batchScoringOnSeveralThreadsEqualsScoringOneByOne() throws {
        let kb = try Fixtures.knowledgeBase()
        let (fusions, collected) = try Self.testSet1Batch(kb)
        let readBack = collected.map(Self.withoutPairFacts)
        let mixed = collected.indices.map { $0 % 2 == 0 ? collected[$0] : readBack[$0] }
        for (deNovo, evidence) in [true, false].flatMap({ d in [(d, collected), (d, readBack), (d, mixed)] }) {
            let single = try ModelDriverScorer(knowledgeBase: kb, deNovo: deNovo)
            let oneByOne = try zip(fusions, evidence).map { try single.score($0, evidence: $1, deNovo: deNovo) }
            #expect(Set(oneByOne.map(\.probability)).count > fusions.count / 2, "the rows should not all score alike")
            // The batch reads the per-gene tables for its genes; with the limit at 0, whole (as a larger batch does).
            for threads in [1, 2, 3] {
                for subsetLimit in [2_000, 0] {
                    let scorer = try ModelDriverScorer(knowledgeBase: kb, deNovo: deNovo)
                    scorer.extractor.geneSubsetLimit = subsetLimit
                    let batch = try scorer.score(fusions, evidence: evidence, threads: threads)
                    #expect(batch.count == fusions.count)
                    #expect(batch == oneByOne, "de novo \(deNovo), \(threads) threads, subset limit \(subsetLimit)")
                    #expect(batch.map(\.modelOutput.bitPattern) == oneByOne.map(\.modelOutput.bitPattern))
                }
            }
        }
    }

    /// A case is read in one read transaction (``SQLiteConnection/reading(_:)``): inside it the file stays locked for
    /// reading (another connection cannot commit a write), nested calls join it, and it ends with the call, also when
    /// the body throws — so no lock outlives an analysis.
    @Test func aReadTransactionHoldsTheLockForItsBodyOnly() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.sqlite").path
        let writer = try SQLiteConnection(path: path, readOnly: false)
        try writer.execute("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1)")
        let reader = try SQLiteConnection(path: path, readOnly: true)
        struct Stop: Error {}
        let inside: Int? = try reader.reading {
            let first = try reader.scalarInt("SELECT COUNT(*) FROM t")
            #expect(reader.isInTransaction)
            #expect(throws: SQLiteError.self) { try writer.execute("INSERT INTO t VALUES (2)") }
            try reader.reading { #expect(reader.isInTransaction) }
            #expect(reader.isInTransaction, "a nested call ends nothing")
            return first
        }
        #expect(inside == 1)
        #expect(!reader.isInTransaction)
        try writer.execute("INSERT INTO t VALUES (2)")
        #expect(throws: Stop.self) { try reader.reading { _ = try reader.scalarInt("SELECT COUNT(*) FROM t"); throw Stop() } }
        #expect(!reader.isInTransaction)
        try writer.execute("INSERT INTO t VALUES (3)")
        #expect(try reader.scalarInt("SELECT COUNT(*) FROM t") == 3)
    }

    /// The kinase-category rule in Swift (the evidence row) and in SQL (the feature's queries) says the same of every
    /// category in the knowledge base and of names that differ only in case or by a non-ASCII letter.
    @Test func theKinaseCategoryRuleIsOneRuleInSwiftAndSQL() throws {
        let kb = try Fixtures.knowledgeBase()
        let names = try kb.db.rows("SELECT DISTINCT category FROM gene_category").compactMap { $0[0] }
        try #require(names.count > 20)
        var kinases = 0
        for name in names + ["Lipid Kinase", "receptor tyrosine kinases", "KİNASE", "kinas", "", "phosphatase"] {
            let inSQL = try kb.db.scalarInt("SELECT CASE WHEN \(KnowledgeBase.kinaseCategorySQL) THEN 1 ELSE 0 END FROM (SELECT ?1 AS category)", [.text(name)]) == 1
            #expect(KnowledgeBase.isKinaseCategory(name) == inSQL, "\(name)")
            if inSQL { kinases += 1 }
        }
        #expect(kinases >= 7, "KINASE, SERINE THREONINE KINASE, TYROSINE KINASE … and the two written here")
    }

    /// A knowledge-base failure in the middle of a batch (the read-through table gone after the scorer was made, as
    /// when the file is replaced under a running cohort; with all evidence also the known-fusion table, which a
    /// scoring thread reads ahead on a connection of its own when the batch reads the tables whole) is thrown by the
    /// batch on any number of threads: no
    /// score, no crash, no thread left waiting for knowledge features or a table that will never come.
    @Test func aKnowledgeBaseFailureInABatchIsThrownOnEveryThreadCount() throws {
        let kb = try Fixtures.knowledgeBase()
        // Evidence read back from a report: the knowledge base answers the knowledge features.
        let (fusions, collected) = try Self.testSet1Batch(kb)
        let evidence = collected.map(Self.withoutPairFacts)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The batch's 156 fusions read the per-gene tables for their genes on the first thread; read whole (as a batch of
        // more genes does), the known-fusion table is read ahead by another thread.
        for (deNovo, table, whole) in [(true, "readthrough", false), (false, "readthrough", false), (false, "known_fusion", false), (false, "known_fusion", true)] {
            for threads in whole ? [2, 3] : [1, 2, 3] {
                let copy = dir.appendingPathComponent("kb-\(deNovo)-\(table)-\(whole)-\(threads).sqlite").path
                try FileManager.default.copyItem(atPath: Fixtures.knowledgeBasePath, toPath: copy)
                let scorer = try ModelDriverScorer(knowledgeBase: try KnowledgeBase(path: copy), deNovo: deNovo)
                if whole { scorer.extractor.geneSubsetLimit = 0 }
                try SQLiteConnection(path: copy, readOnly: false).execute("DROP TABLE \(table)")
                do {
                    let scores = try scorer.score(fusions, evidence: evidence, threads: threads)
                    Issue.record("de novo \(deNovo), \(threads) threads: \(scores.count) scores without the \(table) table")
                } catch let error as SQLiteError {
                    #expect(error.message.contains("no such table: \(table)"), "\(error)")
                }
                try FileManager.default.removeItem(atPath: copy)
            }
        }
    }

}
