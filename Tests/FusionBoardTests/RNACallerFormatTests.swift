import Foundation
import Testing

@testable import FusionBoardCore

/// deFuse, InFusion, TopHat-Fusion and FusionHunter outputs (`RNACallerReader`), on the DEEPrior example files in
/// ../shared/cases (GRCh37, no build named): detection, one call per row (per junction group for FusionHunter), the
/// genes and positions as the file writes them (expected values are read from the file text here), the RLF::MYCL
/// junction of the sample each file holds, and damaged copies refused with the line.
@Suite struct RNACallerFormatTests {
    typealias F = InputFixtures

    static func path(_ name: String) -> String { Fixtures.sharedFile("cases/rna-fusion-calls/\(name)") }
    static let deFuse = path("deeprior_Defuse_out_example_bis.tsv")
    static let inFusion = path("deeprior_InFusion_out_example.txt")
    static let topHat = path("deeprior_TopHat_out_example.txt")
    static let fusionHunter = path("deeprior_FusionHunter_out_example.txt")

    /// Header names and data rows of a tab-separated table (a leading `#` of the header removed).
    static func table(_ path: String) throws -> (header: [String], rows: [[String]], lines: [Int]) {
        let lines = try F.lines(path)
        let header = String(lines[0].drop { $0 == "#" }).components(separatedBy: "\t")
        var rows: [[String]] = [], numbers: [Int] = []
        for (k, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            rows.append(line.components(separatedBy: "\t"))
            numbers.append(k + 1)
        }
        return (header, rows, numbers)
    }

    static func column(_ header: [String], _ name: String) throws -> Int { try #require(header.firstIndex(of: name), "\(name)") }

    /// The fusions the pipeline forms from a file's events, by record ID.
    static func fusions(_ set: CallSet) throws -> [String: Set<String>] {
        let analysis = try F.pipeline().analyse([set], sample: "S", tumorType: nil)
        var byID: [String: Set<String>] = [:]
        for event in analysis.events { byID[event.event.recordIDs.joined(separator: ","), default: []].formUnion(event.fusions) }
        return byID
    }

    // MARK: Detection

    @Test func eachFileIsDetectedAndReadAsItsFormatAlsoWhenNamed() throws {
        for (path, format) in [(Self.deFuse, InputFormat.defuse), (Self.inFusion, .infusion), (Self.topHat, .tophatFusion), (Self.fusionHunter, .fusionHunter)] {
            #expect(try InputReader.detect(path) == format, "\(path)")
            let auto = try F.read(path)
            let named = try F.read(path, F.options(format: format))
            #expect(auto.format == format && named.format == format)
            #expect(auto.junctions.map(\.shape) == named.junctions.map(\.shape))
            // Positions past no GRCh38 end, but the named genes lie at their breakpoints only in GRCh37: read as GRCh37.
            let pipeline = try F.pipeline()
            let set = try pipeline.read(path, options: pipeline.options.input)
            #expect(set.build == .grch37, "\(path): \(set.warnings)")
            #expect(set.statistics.isBalanced, "\(set.statistics)")
        }
        // The other RNA files of ../shared/cases keep their formats.
        for (name, format) in [
            ("arriba_K562_fusions.tsv", InputFormat.arriba), ("BT474.star-fusion.tsv", .starFusion), ("BT474.chimerascan.bedpe", .bedpe),
            ("deeprior_EricScript_out_example.tsv", .table), ("deeprior_PRADA_out_example.txt", .table), ("deeprior_general_out_example.txt", .table),
            ("deeprior_ChimPIPE_out_example.txt", .table), ("deeprior_JAFFA_out_example.csv", .table), ("deeprior_SOAPfuse_out_example.txt", .table),
        ] {
            #expect(try InputReader.detect(Self.path(name)) == format, "\(name)")
        }
    }

    @Test func commandLineScoresEachFileAndAcceptsTheFormatNames() throws {
        for (path, name) in [(Self.deFuse, "defuse"), (Self.inFusion, "infusion"), (Self.topHat, "tophat-fusion"), (Self.fusionHunter, "fusionhunter")] {
            let result = try CLI.run(["score", path, "--format", name])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let rows = parseTSV(result.stdout)
            #expect(rows.contains { $0["fusion"] == "RLF::MYCL" }, "\(name): \(rows.compactMap { $0["fusion"] })")
        }
    }

    // MARK: deFuse

    /// deFuse: `genomic_strand` `+` keeps the left piece, `-` the right (its README: the retained sequence lies upstream on
    /// that strand); the gene whose `gene_strand` equals its side's `genomic_strand` is 5′. Rows naming two genes that are not
    /// one 5′ and one 3′ partner keep their junction without the names, with a warning.
    @Test func deFuseRowsGiveJunctionsFromGenomicStrandsAndPartnersFromGeneStrands() throws {
        let set = try F.read(Self.deFuse, F.options(build: .grch37))
        let (header, rows, lines) = try Self.table(Self.deFuse)
        #expect(set.format == .defuse && set.events.count == rows.count && set.junctions.count == rows.count)
        let c = try ["cluster_id", "gene_name1", "gene_name2", "gene_chromosome1", "gene_chromosome2", "genomic_break_pos1", "genomic_break_pos2",
            "genomic_strand1", "genomic_strand2", "gene_strand1", "gene_strand2", "splitr_count", "span_count"].reduce(into: [String: Int]()) {
            $0[$1] = try Self.column(header, $1)
        }
        var unnamed: [Int] = []
        for (k, row) in rows.enumerated() {
            let j = try #require(set.junctions.first { $0.recordIDs == [row[c["cluster_id"]!]] }, "cluster \(row[c["cluster_id"]!])")
            #expect(j.line == lines[k] && j.svType == .rnaFusion)
            let side: (String) -> KeptSide = { $0 == "+" ? .left : .right }
            let p1 = GenomicPosition(chromosome: row[c["gene_chromosome1"]!], position: Int(row[c["genomic_break_pos1"]!])!)
            let p2 = GenomicPosition(chromosome: row[c["gene_chromosome2"]!], position: Int(row[c["genomic_break_pos2"]!])!)
            let fivePrime1 = row[c["gene_strand1"]!] == row[c["genomic_strand1"]!], fivePrime2 = row[c["gene_strand2"]!] == row[c["genomic_strand2"]!]
            // Side 2 first only when gene 2 is the 5′ partner.
            let secondFirst = !fivePrime1 && fivePrime2
            #expect(j.first.inputPosition == (secondFirst ? p2 : p1) && j.second?.inputPosition == (secondFirst ? p1 : p2))
            #expect(j.first.keptSide == side(row[c[secondFirst ? "genomic_strand2" : "genomic_strand1"]!]))
            #expect(j.second?.keptSide == side(row[c[secondFirst ? "genomic_strand1" : "genomic_strand2"]!]))
            if fivePrime1 != fivePrime2 {
                #expect(j.namedGene5 == row[c[fivePrime1 ? "gene_name1" : "gene_name2"]!] && j.namedGene3 == row[c[fivePrime1 ? "gene_name2" : "gene_name1"]!])
            } else {
                #expect(j.namedGene5 == nil && j.namedGene3 == nil)
                unnamed.append(lines[k])
            }
            #expect(!j.namedGenesInEitherOrder)
            #expect(j.support.splitReads == Int(row[c["splitr_count"]!]) && j.support.spanningPairs == Int(row[c["span_count"]!]))
        }
        if let first = unnamed.first {
            #expect(set.warnings.contains { $0.line == first && $0.message.contains("not one 5′ and one 3′ partner") && $0.messageJapanese != nil }, "\(set.warnings)")
        }
        // The RLF row (its second gene named is an antisense one at MYCL) forms RLF::MYCL from the gene model.
        let rlfRow = try #require(rows.first { $0[c["gene_name1"]!] == "RLF" || $0[c["gene_name2"]!] == "RLF" })
        let formed = try Self.fusions(set)
        #expect(formed[rlfRow[c["cluster_id"]!]]?.contains("RLF::MYCL") == true, "\(formed)")
    }

    // MARK: InFusion

    /// InFusion: 1-based breaks, each side's kept piece where its `region` mostly lies, genes in either order, `#id` as the ID.
    @Test func inFusionRowsKeepTheirRegionsSideAndNameGenesInEitherOrder() throws {
        let set = try F.read(Self.inFusion, F.options(build: .grch37))
        let (header, rows, lines) = try Self.table(Self.inFusion)
        #expect(set.format == .infusion && set.events.count == rows.count)
        let id = try Self.column(header, "id"), ref1 = try Self.column(header, "ref1"), pos1 = try Self.column(header, "break_pos1")
        let region1 = try Self.column(header, "region1"), ref2 = try Self.column(header, "ref2"), pos2 = try Self.column(header, "break_pos2")
        let region2 = try Self.column(header, "region2"), span = try Self.column(header, "num_span"), paired = try Self.column(header, "num_paired")
        let genes1 = try Self.column(header, "genes_1"), genes2 = try Self.column(header, "genes_2")
        func side(_ region: String, _ position: Int) -> KeptSide? {
            let bounds = region.dropFirst().dropLast().split(separator: ",").map { Int($0)! }
            return position - bounds[0] == bounds[1] - position ? nil : (position - bounds[0] > bounds[1] - position ? .left : .right)
        }
        for (k, row) in rows.enumerated() {
            let j = try #require(set.junctions.first { $0.recordIDs == [row[id]] })
            #expect(j.line == lines[k])
            #expect(j.first.inputPosition == GenomicPosition(chromosome: row[ref1], position: Int(row[pos1])!))
            #expect(j.second?.inputPosition == GenomicPosition(chromosome: row[ref2], position: Int(row[pos2])!))
            #expect(j.first.keptSide == side(row[region1], Int(row[pos1])!) && j.second?.keptSide == side(row[region2], Int(row[pos2])!))
            // A list of genes (`MYCL1;RP1-118J21.5`) names none.
            #expect(j.namedGene5 == (row[genes1].contains(";") ? nil : row[genes1]) && j.namedGene3 == (row[genes2].contains(";") ? nil : row[genes2]))
            #expect(j.namedGenesInEitherOrder)
            #expect(j.support.splitReads == Int(row[span]) && j.support.spanningPairs == Int(row[paired]))
        }
        let formed = try Self.fusions(set)
        for row in rows where row[genes1] == "RLF" {
            #expect(formed[row[id]]?.contains("RLF::MYCL") == true, "\(row[id]): \(formed)")
        }
        #expect(rows.contains { $0[genes1] == "RLF" })
    }

    // MARK: TopHat-Fusion

    /// TopHat-Fusion result.txt: 0-based coordinates (+1), left gene 5′, spanning reads and pairs; the RLF::MYCL junction lands
    /// exactly where STAR-Fusion's 1-based RLF--MYCL breakpoints of the same sample do.
    @Test func topHatFusionRowsAreZeroBasedWithTheLeftGene5Prime() throws {
        let set = try F.read(Self.topHat, F.options(build: .grch37))
        let rows = try F.lines(Self.topHat).map { $0.components(separatedBy: "\t") }
        #expect(set.format == .tophatFusion && set.events.count == rows.count)
        for (k, (row, j)) in zip(rows, set.junctions).enumerated() {
            #expect(j.line == k + 1 && j.recordIDs == ["deeprior_TopHat_out_example.txt:\(k + 1)"])
            #expect(j.first.inputPosition == GenomicPosition(chromosome: String(row[2].dropFirst(3)), position: Int(row[3])! + 1))
            #expect(j.second?.inputPosition == GenomicPosition(chromosome: String(row[5].dropFirst(3)), position: Int(row[6])! + 1))
            #expect(j.namedGene5 == row[1] && j.namedGene3 == row[4] && !j.namedGenesInEitherOrder)
            #expect(j.first.keptSide == nil && j.second?.keptSide == nil)
            #expect(j.support.splitReads == Int(row[7]) && j.support.spanningPairs == Int(row[8]))
        }
        #expect(Set(rows.map { $0[0] }).count == 1 && set.sample == rows[0][0])
        // Several samples (tophat-fusion-post over several runs): one must be chosen, and the others' rows are left out.
        let lines = try F.lines(Self.topHat)
        let twoSamples = try F.write(lines.joined(separator: "\n") + "\n" + lines[0].replacingOccurrences(of: rows[0][0], with: "other") + "\n", name: "two-samples.txt")
        #expect(F.error(twoSamples, F.options(build: .grch37))?.message.contains("--tumor-sample") == true)
        let chosen = try F.read(twoSamples, F.options(build: .grch37, tumorSample: "other"))
        #expect(chosen.sample == "other" && chosen.events.count == 1 && chosen.statistics.filteredOut == rows.count && chosen.statistics.isBalanced)
        let star = try F.read(Self.path("deeprior_STAR-fusion_out_example.abridged"), F.options(build: .grch37))
        let starJunction = try #require(star.junctions.first { $0.namedGene5 == "RLF" && $0.namedGene3 == "MYCL" })
        let topHatJunction = try #require(set.junctions.first { $0.namedGene5 == "RLF" && $0.namedGene3 == "MYCL" })
        #expect(topHatJunction.first.inputPosition == starJunction.first.inputPosition)
        #expect(topHatJunction.second?.inputPosition == starJunction.second?.inputPosition)
        let formed = try Self.fusions(set)
        #expect(formed[topHatJunction.recordIDs[0]] == ["RLF::MYCL"], "\(formed)")
    }

    // MARK: FusionHunter

    /// FusionHunter: one call per group of reads sharing a junction; the junction is where the parts meet in the candidate's
    /// orientation (`[+-]`: the end of the A part, the end of the B part); split reads = the group's reads.
    @Test func fusionHunterGroupsAreCallsWithTheirJunctions() throws {
        let set = try F.read(Self.fusionHunter, F.options(build: .grch37))
        let lines = try F.lines(Self.fusionHunter)
        // Groups from the text: a candidate line or a separator opens one; read lines count into it.
        var groups: [(line: Int, orientation: (Character, Character), a: String, b: String, genes: (String, String), reads: Int)] = []
        var orientation: (Character, Character) = ("+", "+"), open = false
        for (k, line) in lines.enumerated() {
            if line.hasPrefix("# Fusion:") || line.hasPrefix("# Readthrough:") {
                let spec = line.split(separator: " ")[3]
                let bracket = spec.firstIndex(of: "[")!
                orientation = (spec[spec.index(after: bracket)], spec[spec.index(bracket, offsetBy: 2)])
                open = false
            } else if line.hasPrefix("----") || line.hasPrefix("# Total") {
                open = false
            } else if line.hasPrefix("->") {
                let words = line.split(separator: "\t")[0].split(separator: " ")
                let x = words.lastIndex(of: "x")!
                if open { groups[groups.count - 1].reads += 1 } else {
                    groups.append((k + 1, orientation, String(words[x - 3]), String(words[x - 2]), (String(words[x - 1]), String(words[x + 1])), 1))
                    open = true
                }
            }
        }
        #expect(set.format == .fusionHunter && set.events.count == groups.count && groups.count > 4)
        let totals = lines.filter { $0.hasPrefix("# Total # of Junction Spanning Reads:") }.map { Int($0.split(separator: " ").last!)! }
        #expect(set.junctions.compactMap(\.support.splitReads).reduce(0, +) == totals.reduce(0, +))
        func junctionPoint(_ placement: String, forward: Bool, isA: Bool) -> GenomicPosition {
            let parts = placement.split(separator: ":")
            let range = parts[1].split(separator: "-").map { Int($0)! }
            // A read forward ends at the junction; B read forward starts at it.
            let position = isA == forward ? range[1] : range[0]
            return GenomicPosition(chromosome: String(parts[0].dropFirst(3)), position: position)
        }
        for group in groups {
            let j = try #require(set.junctions.first { $0.line == group.line }, "line \(group.line)")
            #expect(j.first.inputPosition == junctionPoint(group.a, forward: group.orientation.0 == "+", isA: true))
            #expect(j.second?.inputPosition == junctionPoint(group.b, forward: group.orientation.1 == "+", isA: false))
            #expect(j.first.keptSide == (group.orientation.0 == "+" ? .left : .right))
            #expect(j.second?.keptSide == (group.orientation.1 == "+" ? .right : .left))
            #expect(j.namedGene5 == group.genes.0 && j.namedGene3 == group.genes.1 && j.namedGenesInEitherOrder)
            #expect(j.support.splitReads == group.reads)
        }
        // The MYCL1 x RLF group: RLF::MYCL, at the breakpoints PRADA writes (1-based) for the same sample.
        let group = try #require(groups.first { $0.genes == ("MYCL1", "RLF") })
        let j = try #require(set.junctions.first { $0.line == group.line })
        let prada = try String(contentsOfFile: Self.path("deeprior_PRADA_out_example.txt"), encoding: .utf8)
        #expect(prada.contains("RLF:1:\(j.second!.inputPosition.position)_MYCL1:1:\(j.first.inputPosition.position)"))
        let formed = try Self.fusions(set)
        #expect(formed[j.recordIDs[0]] == ["RLF::MYCL"], "\(formed)")
    }

    /// Names in either order with no kept sides (an InFusion row whose regions lie evenly about both breaks): either gene may
    /// be 5′ and each order implies its own sides, so the positions cannot tell RLF::MYCL from MYCL::RLF — the sides stay
    /// unknown and no fusion is claimed. The same row with the order fixed (TopHat-Fusion, left = 5′) forms the fusion
    /// its order names.
    @Test func namesInEitherOrderWithoutSidesClaimNoOrder() throws {
        let (header, rows, _) = try Self.table(Self.inFusion)
        let genes1 = try Self.column(header, "genes_1"), genes2 = try Self.column(header, "genes_2")
        let row = try #require(rows.first { $0[genes1] == "RLF" && !$0[genes2].contains(";") })
        let p1 = Int(row[2])!, p2 = Int(row[5])!
        let swapped = "#id\tref1\tbreak_pos1\tregion1\tref2\tbreak_pos2\tregion2\tnum_span\tnum_paired\tgenes_1\tgenes_2\tfusion_class\n"
            + "1\t1\t\(p2)\t[\(p2 - 50),\(p2 + 50)]\t1\t\(p1)\t[\(p1 - 50),\(p1 + 50)]\t10\t2\t\(row[genes2])\tRLF\tintra-chromosomal\n"
        let path = try F.write(swapped, name: "swapped-infusion.txt")
        let set = try F.read(path, F.options(build: .grch37))
        let j = try #require(set.junctions.first)
        #expect(j.first.keptSide == nil && j.second?.keptSide == nil && j.namedGenesInEitherOrder)
        #expect(j.namedGene5 == row[genes2] && j.namedGene3 == "RLF")
        let analysis = try F.pipeline().analyse([set], sample: "S", tumorType: nil)
        let event = try #require(analysis.events.first)
        #expect(event.fusions.isEmpty && event.note?.contains("orientation unknown") == true, "\(event.fusions) \(event.note ?? "")")
        // Read 5′-first (TopHat-Fusion's left gene), the row names RLF first and forms RLF::MYCL.
        let topHat = try F.write("s\tRLF\tchr1\t\(p1 - 1)\t\(row[genes2])\tchr1\t\(p2 - 1)\t10\t2\t0\t1.0\n", name: "ordered-tophat.txt")
        let ordered = try F.read(topHat, F.options(build: .grch37))
        #expect(ordered.format == .tophatFusion && ordered.junctions.first?.namedGenesInEitherOrder == false)
        #expect(try Self.fusions(ordered)[ordered.junctions[0].recordIDs[0]] == ["RLF::MYCL"])
    }

    // MARK: Cross-checks with the callers of the same sample that document their coordinates

    /// The same sample's FusionCatcher file is GRCh38 (1-based, `chr:pos:strand`, 5′ first): the RLF::MYCL junctions that
    /// TopHat-Fusion (0-based), InFusion and FusionHunter (1-based) give in GRCh37 land, lifted, on FusionCatcher's positions.
    @Test func rlfMyclJunctionsLandOnFusionCatchersGRCh38Breakpoints() throws {
        let catcher = try Self.table(Self.path("deeprior_FusionCatcher_out_example.txt"))
        let gene5 = try Self.column(catcher.header, "Gene_1_symbol(5end_fusion_partner)"), gene3 = try Self.column(catcher.header, "Gene_2_symbol(3end_fusion_partner)")
        let point5 = try Self.column(catcher.header, "Fusion_point_for_gene_1(5end_fusion_partner)")
        let point3 = try Self.column(catcher.header, "Fusion_point_for_gene_2(3end_fusion_partner)")
        func position(_ text: String) -> GenomicPosition {
            let parts = text.split(separator: ":")
            return GenomicPosition(chromosome: String(parts[0]), position: Int(parts[1])!)
        }
        let expected = Set(catcher.rows.filter { $0[gene5] == "RLF" && $0[gene3] == "MYCL" }.map { "\(position($0[point5]))-\(position($0[point3]))" })
        #expect(expected.count >= 2)
        for path in [Self.topHat, Self.inFusion, Self.fusionHunter] {
            let set = try F.read(path, F.options(build: .grch37))
            let formed = try Self.fusions(set)
            let rlfMycl = set.junctions.filter { formed[$0.recordIDs.joined(separator: ",")]?.contains("RLF::MYCL") == true }
            #expect(!rlfMycl.isEmpty, "\(path)")
            for j in rlfMycl {
                // The 5′ breakend is RLF's: first, or second when the file's order was 3′ first.
                let pair = j.first.position.position > 40_000_000 ? (j.first.position, j.second!.position) : (j.second!.position, j.first.position)
                #expect(expected.contains("\(pair.0)-\(pair.1)"), "\(path): \(pair) not in \(expected)")
            }
        }
    }

    /// deFuse's positions are 1-based: its GSE1 (KIAA0182) break of a row without breakpoint homology is STAR-Fusion's 1-based
    /// GSE1 breakpoint in the same sample, with the same kept side.
    @Test func deFuseGSE1BreakIsStarFusionsGSE1Breakpoint() throws {
        let (header, rows, _) = try Self.table(Self.deFuse)
        let homology = try Self.column(header, "breakpoint_homology"), name2 = try Self.column(header, "gene_name2"), id = try Self.column(header, "cluster_id")
        let row = try #require(rows.first { $0[name2] == "KIAA0182" && $0[homology] == "0" })
        let star = try F.read(Self.path("deeprior_STAR-fusion_out_example.abridged"), F.options(build: .grch37))
        let starGSE1 = try #require(star.junctions.first { $0.namedGene3 == "GSE1" }?.second)
        let set = try F.read(Self.deFuse, F.options(build: .grch37))
        let j = try #require(set.junctions.first { $0.recordIDs == [row[id]] })
        let gse1 = try #require([j.first, j.second!].first { $0.inputPosition.position == starGSE1.inputPosition.position })
        #expect(gse1.inputPosition == starGSE1.inputPosition && gse1.keptSide == starGSE1.keptSide)
    }

    // MARK: Damaged files

    /// Damaged copies (written to a temporary folder) are refused with the file, the line and what is wrong.
    @Test func damagedCopiesAreRefusedNamingTheLine() throws {
        func refused(_ path: String, _ format: InputFormat, line: Int?, _ words: [String]) {
            let error = F.error(path, F.options(build: .grch37))
            #expect(error?.line == line, "\(error?.description ?? "no error")")
            #expect(error?.file == path)
            for word in words { #expect(error?.message.contains(word) == true, "\(word): \(error?.description ?? "no error")") }
            #expect((try? InputReader.detect(path)) == format, "\(path)")
        }
        // deFuse: a cut row, a non-numeric position, a header without genomic_strand2.
        let defuse = try F.lines(Self.deFuse)
        var cut = defuse
        cut[2] = String(cut[2].prefix(400))
        refused(try F.write(cut.joined(separator: "\n") + "\n", name: "cut-defuse.tsv"), .defuse, line: 3, ["truncated"])
        let header = defuse[0].components(separatedBy: "\t")
        let posColumn = try #require(header.firstIndex(of: "genomic_break_pos2"))
        let nonNumeric = F.editingFields(defuse, line: 4) { $0[posColumn] = "12x" }
        refused(try F.write(nonNumeric.joined(separator: "\n") + "\n", name: "pos-defuse.tsv"), .defuse, line: 4, ["genomic_break_pos2", "'12x'"])
        let strandColumn = try #require(header.firstIndex(of: "genomic_strand2"))
        let missing = defuse.map { line -> String in
            var f = line.components(separatedBy: "\t")
            f.remove(at: strandColumn)
            return f.joined(separator: "\t")
        }
        refused(try F.write(missing.joined(separator: "\n") + "\n", name: "missing-defuse.tsv"), .defuse, line: 1, ["genomic_strand2"])
        // A header without rows is read, with the warning every format gives.
        let headerOnly = try F.read(try F.write(defuse[0] + "\n", name: "header-defuse.tsv"), F.options(build: .grch37))
        #expect(headerOnly.events.isEmpty && headerOnly.warnings.contains { $0.message.contains("header but no records") })
        // InFusion: a cut row, a non-numeric break, a region that is not [start,end].
        let infusion = try F.lines(Self.inFusion)
        var cutInFusion = infusion
        cutInFusion[3] = cutInFusion[3].components(separatedBy: "\t").prefix(5).joined(separator: "\t")
        refused(try F.write(cutInFusion.joined(separator: "\n") + "\n", name: "cut-infusion.txt"), .infusion, line: 4, ["truncated"])
        refused(
            try F.write(F.editingFields(infusion, line: 2) { $0[2] = "4O627308" }.joined(separator: "\n") + "\n", name: "pos-infusion.txt"), .infusion, line: 2,
            ["break_pos1", "'4O627308'"])
        refused(
            try F.write(F.editingFields(infusion, line: 5) { $0[6] = "48576642-48576737" }.joined(separator: "\n") + "\n", name: "region-infusion.txt"),
            .infusion, line: 5, ["region2"])
        let missingRef = infusion.map { line -> String in
            var f = line.components(separatedBy: "\t")
            f.remove(at: 4)
            return f.joined(separator: "\t")
        }
        refused(try F.write(missingRef.joined(separator: "\n") + "\n", name: "missing-infusion.txt"), .infusion, line: 1, ["ref2"])
        // TopHat-Fusion: a cut row (after a good first row), a non-numeric coordinate, a negative count.
        let tophat = try F.lines(Self.topHat)
        var cutTopHat = tophat
        cutTopHat[4] = cutTopHat[4].components(separatedBy: "\t").prefix(6).joined(separator: "\t")
        refused(try F.write(cutTopHat.joined(separator: "\n") + "\n", name: "cut-tophat.txt"), .tophatFusion, line: 5, ["truncated"])
        refused(
            try F.write(F.editingFields(tophat, line: 3) { $0[6] = "40309889.5" }.joined(separator: "\n") + "\n", name: "pos-tophat.txt"), .tophatFusion,
            line: 3, ["right coordinate", "'40309889.5'"])
        refused(
            try F.write(F.editingFields(tophat, line: 2) { $0[7] = "-1" }.joined(separator: "\n") + "\n", name: "count-tophat.txt"), .tophatFusion, line: 2,
            ["spanning reads", "negative"])
        // FusionHunter: a report cut inside a candidate, a read line without its placements, a non-numeric placement.
        let hunter = try F.lines(Self.fusionHunter)
        let secondCandidate = F.lineNumber(Array(hunter.dropFirst()), containing: "# Fusion:") + 1
        refused(try F.write(hunter.prefix(secondCandidate + 1).joined(separator: "\n") + "\n", name: "cut-hunter.txt"), .fusionHunter, line: secondCandidate + 1, ["no '# Total"])
        var cutRead = hunter
        cutRead[1] = String(cutRead[1].prefix(60))
        refused(try F.write(cutRead.joined(separator: "\n") + "\n", name: "read-hunter.txt"), .fusionHunter, line: 2, ["cut"])
        let readLine = try #require(hunter[1].range(of: "chr7:"))
        var badPlacement = hunter
        badPlacement[1] = hunter[1].replacingCharacters(in: readLine, with: "chr7:x")
        refused(try F.write(badPlacement.joined(separator: "\n") + "\n", name: "pos-hunter.txt"), .fusionHunter, line: 2, ["not a position"])
        var wrongTotal = hunter
        let total = F.lineNumber(hunter, containing: "# Total")
        wrongTotal[total - 1] = "# Total # of Junction Spanning Reads: 9"
        refused(try F.write(wrongTotal.joined(separator: "\n") + "\n", name: "total-hunter.txt"), .fusionHunter, line: total, ["disagrees"])
    }
}
