import Foundation
import Testing

@testable import FusionBoardCore

/// The optional-source importers, symbol normalisation and the graph layer, on the full knowledge base
/// (FUSIONBOARD_TEST_KB, built from ../shared/kb-sources) and on small files written here in the
/// documented formats of sources users bring themselves (Arriba GFF3, UCSC ucscGenePfam).
@Suite("Knowledge base sources")
struct KnowledgeBaseSourcesTests {
    @Test func kbInfoListsEveryOptionalSourcePresent() throws {
        let kb = try Fixtures.knowledgeBase()
        let folder = Fixtures.sharedFile("kb-sources")
        let files = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).map { URL(fileURLWithPath: $0).lastPathComponent }
        let expected = Set(files.compactMap { name in OptionalSources.all.first { $0.matches(name) }?.name })
        #expect(expected.count >= 20, "the shared folder should hold about twenty recognised sources")
        let recorded = Set(kb.info.sources.map(\.name))
        for name in expected.sorted() { #expect(recorded.contains(name), "source \(name) missing from kb info") }
        #expect(kb.info.missingCategories.isEmpty, "absent: \(kb.info.missingCategories)")
        for source in kb.info.sources where source.optional {
            #expect(source.rows > 0, "\(source.name) imported no rows")
            #expect(!source.licence.isEmpty && !source.origin.isEmpty && source.sha256.count == 64)
        }
        let registered = Set(OptionalSources.all.map(\.category))
        #expect(registered == Set(KnowledgeBase.optionalCategories), "KnowledgeBase.optionalCategories must list every registered category")
        let result = try CLI.run(["kb", "info"])
        #expect(result.status == 0)
        for name in ["CancerMine", "COSMIC fusions", "ChimerDB 3.0 KB", "GTEx normal-tissue fusions", "DGIdb interactions", "maftools protein domains"] {
            #expect(result.stdout.contains(name))
        }
    }

    @Test func namesResolveToCurrentSymbols() throws {
        let kb = try Fixtures.knowledgeBase()
        let symbols = try SymbolResolver(db: kb.db)
        // Previous symbols and aliases (HGNC / NCBI): well-known renamings.
        #expect(symbols.resolve("TEL") == "ETV6")
        #expect(symbols.resolve("AML1") == "RUNX1")
        #expect(symbols.resolve("RFWD2") == "COP1")
        #expect(symbols.resolve("LARGE") == "LARGE1")
        #expect(symbols.resolve("MLL") == "KMT2A")
        // Spreadsheet-mangled names (ChimerDB Seq writes MARCH1 as 1.Mar).
        #expect(symbols.resolve("1.Mar") == symbols.resolve("MARCH1"))
        #expect(symbols.resolve("1.Mar") != nil)
        // 2-Sep was SEPT2 (now SEPTIN2); 15.Sep was SEP15, SELENOF's old symbol (no SEPT15 exists).
        #expect(symbols.resolve("2-Sep") == symbols.resolve("SEPT2") && symbols.resolve("2-Sep") != nil)
        #expect(symbols.resolve("15.Sep") == "SELENOF")
        #expect(symbols.resolve("NOT_A_GENE_NAME") == nil)
        // Fact tables use the current symbols: ChimerPub's TEL--AML1 is stored as ETV6::RUNX1.
        #expect(try kb.pairFacts(.knownFusion, "ETV6", "RUNX1").contains { $0.provenance.source == "ChimerDB 3.0 Pub" })
        // refGene transcripts named by an old symbol carry the current one.
        #expect(try kb.db.scalarInt("SELECT count(*) FROM transcript WHERE gene_symbol = 'RFWD2'") == 0)
        #expect((try kb.db.scalarInt("SELECT count(*) FROM transcript WHERE gene_symbol = 'COP1'") ?? 0) > 0)
    }

    @Test func importedFactsCarryTheirSourceNumbers() throws {
        let kb = try Fixtures.knowledgeBase()
        // COSMIC: BCR-ABL1 with its sample count; Mitelman: summed cases; ChimerDB PubMed: PMIDs.
        let cosmic = try kb.pairFacts(.knownFusion, "BCR", "ABL1").filter { $0.provenance.source == "COSMIC fusions" }
        #expect(cosmic.count == 1 && (cosmic.first?.count ?? 0) > 1000)
        #expect(try kb.pairFacts(.knownFusion, "BCR", "ABL1").contains { !$0.pmids.isEmpty })
        #expect(try kb.pairFacts(.knownFusion, "ACSL3", "ETV1").contains { $0.provenance.source == "COSMIC fusions" })
        #expect(try kb.pairFacts(.readthrough, "CSDE1", "NRAS").count == 1)
        #expect(try kb.paralogClusters(of: "ATAD3B") == kb.paralogClusters(of: "ATAD3C"))
        #expect(try kb.canonicalTranscript(of: "TMPRSS2") == "NM_001135099")
        #expect(try kb.roles(of: "ABL1").contains { $0.role == "oncogene" && $0.provenance.source == "CancerMine" && ($0.citations ?? 0) > 100 })
        #expect(try kb.drugs(of: "ABL1").contains { $0.drug == "IMATINIB" })
        #expect(try kb.categories(of: "ABL1").contains("TYROSINE KINASE"))
        // "N/A" and "NA" mean no value: a DGIdb claim naming no drug is no interaction (and no drug node), a maftools
        // domain described "NA" has no description (then the Pfam family's, where it has an accession).
        #expect(try kb.db.scalarInt("SELECT count(*) FROM drug_interaction WHERE drug IN ('N/A', 'NA', '')") == 0)
        #expect(try kb.db.scalarInt("SELECT count(*) FROM node WHERE kind = 'drug' AND key IN ('N/A', 'NA')") == 0)
        #expect(kb.info.sources.first { $0.name == "DGIdb interactions" }?.note?.contains("rows without a drug name skipped") == true)
        #expect(try kb.db.scalarInt("SELECT count(*) FROM domain WHERE description IN ('NA', 'N/A', '')") == 0)
        #expect(try kb.db.scalarInt("SELECT count(*) FROM domain d JOIN pfam_family p ON p.accession = d.pfam WHERE d.description IS NULL") == 0)
    }

    @Test func domainsAreMappedOntoTheGenomeWithTheLengthCheck() throws {
        let kb = try Fixtures.knowledgeBase()
        // Every maftools domain on a transcript present in refGene is mapped; mismatches are recorded, not hidden.
        let mapped = try kb.db.scalarInt("SELECT count(DISTINCT domain_id) FROM domain_genomic") ?? 0
        let domains = try kb.db.scalarInt("SELECT count(*) FROM domain d WHERE EXISTS (SELECT 1 FROM transcript t WHERE t.accession = d.accession AND t.cds_start IS NOT NULL)") ?? 0
        #expect(mapped > 80_000 && mapped >= domains - 100)
        let mismatches = try kb.db.scalarInt("SELECT count(*) FROM domain_genomic WHERE length_check <> 'ok'") ?? 0
        #expect(mismatches > 0, "some RefSeq versions differ from the domain table's protein; the check must see them")
        #expect(try kb.db.rows("SELECT value FROM meta WHERE key = 'domain_length_mismatches'").first?[0] == String(mismatches))
        // ABL1 kinase domain (aa 242–493 of NM_005157) lies inside ABL1 on chr9 (GRCh38 130.7–130.89 Mb).
        let span = try #require(
            try kb.db.rows(
                "SELECT g.chrom, g.start, g.end FROM domain d JOIN domain_genomic g ON g.domain_id = d.id WHERE d.accession = 'NM_005157' AND d.label = 'Pkinase_Tyr'"
            ).first)
        #expect(span[0] == "9")
        let start = Int(span[1] ?? "") ?? 0, end = Int(span[2] ?? "") ?? 0
        #expect(start > 130_700_000 && end < 130_890_000 && end > start)
    }

    /// maftools' `pfam` column holds a piece of the description, a status word or NA for about one row in five (the
    /// note in `domain.anno` had more `; ` pieces than it expected): those rows take the note's last piece when that
    /// is an accession, and no accession otherwise. Checked row by row against the source file.
    @Test func maftoolsDomainsCarryAccessionsNeverDescriptionText() throws {
        let kb = try Fixtures.knowledgeBase()
        var header: [String] = []
        var columns: [Int: (pfam: String, note: String)] = [:]
        try SourceText.forEachLine(Fixtures.sharedFile("kb-sources/domains/maftools_protein_domains.txt.gz")) { line, number in
            let f = line.components(separatedBy: "\t")
            if number == 1 { header = f; return }
            columns[number] = (f[try #require(header.firstIndex(of: "pfam"))], f[try #require(header.firstIndex(of: "domain.anno"))])
        }
        let accession = try NSRegularExpression(pattern: "^(PF[0-9]{5}|(smart|cd|cl|COG|KOG|TIGR|PRK|PLN|PTZ|PHA|CHL|MTH|sd)[0-9]{3,6})$")
        func isAccession(_ s: String) -> Bool { accession.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil }
        let familyByName = Dictionary(try kb.db.rows("SELECT name, accession FROM pfam_family").map { ($0[0] ?? "", $0[1] ?? "") }, uniquingKeysWith: { a, _ in a })
        let rows = try kb.db.rows(
            "SELECT d.source_row, d.pfam, d.label FROM domain d JOIN source s ON s.id = d.source_id WHERE s.name = 'maftools protein domains'")
        #expect(rows.count > 90_000)
        var recovered = 0, withoutAccession = 0
        for row in rows {
            let line = try #require(Int(row[0] ?? "")), label = row[2] ?? ""
            let source = try #require(columns[line], "line \(line) is not a row of the source file")
            let columnIsAccession = isAccession(source.pfam.hasPrefix("pfam") ? "PF" + source.pfam.dropFirst(4) : source.pfam)
            guard let stored = row[1] else {
                #expect(!columnIsAccession, "line \(line): the accession \(source.pfam) was dropped")
                withoutAccession += 1
                continue
            }
            #expect(isAccession(stored), "line \(line): '\(stored)' is not a domain accession")
            #expect(stored != source.pfam || columnIsAccession, "line \(line): the pfam column's text was taken for an accession")
            // Written in the row (pfam00069 as PF00069), or filled from the Pfam family of the label.
            let written = source.pfam == stored || source.note.contains(stored) || (stored.hasPrefix("PF") && source.note.contains("pfam" + stored.dropFirst(2)))
            #expect(written || familyByName[label] == stored, "line \(line): '\(stored)' is neither in the row nor the label's Pfam family")
            if !columnIsAccession && written { recovered += 1 }
        }
        #expect(recovered > 10_000, "accessions recovered from the note's last piece: \(recovered)")
        #expect(withoutAccession > 0 && withoutAccession < rows.count / 10)
        // TMPRSS2's LDL receptor class A domain: the column says "the receptor protein binds LDL …", the note ends in cd00112.
        #expect(try kb.db.rows("SELECT pfam FROM domain WHERE accession = 'NM_005656' AND label = 'LDLa'").first?[0] == "cd00112")
        #expect(DomainSources.maftoolsAccession(pfam: "NA", annotation: "Uncharacterized conserved protein [Function unknown]") == nil)
        #expect(DomainSources.maftoolsAccession(pfam: "Provisional", annotation: "kelch-like protein; Provisional") == nil)
        #expect(DomainSources.maftoolsAccession(pfam: "pfam00069", annotation: "Protein kinase domain; pfam00069") == "PF00069")
        #expect(DomainSources.maftoolsAccession(pfam: "more text", annotation: "A domain; more text; and more...; cd00112") == "cd00112")
        #expect(DomainSources.maftoolsAccession(pfam: "C2H2-type", annotation: "zinc finger; C2H2-type") == nil)
        #expect(DomainSources.maftoolsAccession(pfam: "", annotation: "") == nil)
        #expect(DomainSources.maftoolsAccession(pfam: "cd", annotation: "x; cd") == nil)
    }

    @Test func graphEdgesPointAtTheirSourceRows() throws {
        let kb = try Fixtures.knowledgeBase()
        let relations = Set(try kb.db.rows("SELECT DISTINCT relation FROM edge").compactMap { $0[0] })
        for relation in ["has_domain", "role_in", "reported_with", "seen_in_normal", "targets", "cites", "read_through", "in_paralog_cluster", "five_prime_partner"] {
            #expect(relations.contains(relation), "no \(relation) edges")
        }
        let kinds = Set(try kb.db.rows("SELECT DISTINCT kind FROM node").compactMap { $0[0] })
        #expect(kinds.isSuperset(of: ["gene", "transcript", "domain", "fusion_pair", "publication", "disease", "drug", "source"]))
        for table in ["known_fusion", "normal_fusion", "readthrough", "gene_role", "drug_interaction", "paralog", "domain"] {
            let dangling = try kb.db.scalarInt(
                "SELECT count(*) FROM edge e WHERE e.source_table = '\(table)' AND NOT EXISTS (SELECT 1 FROM \(table) t WHERE t.rowid = e.source_row AND t.source_id = e.source_id)")
            #expect(dangling == 0, "\(table): edges without their row")
        }
        #expect(try kb.db.scalarInt("SELECT count(*) FROM edge WHERE source_id NOT IN (SELECT id FROM source)") == 0)
        // gene2pubmed stays out of the edge table (size); BCR::ABL1 cites its ChimerDB PubMed ids.
        #expect(try kb.db.scalarInt("SELECT count(*) FROM edge") ?? 0 < 1_000_000)
        let cites = try kb.db.scalarInt(
            "SELECT count(*) FROM edge e JOIN node p ON p.id = e.src WHERE p.kind = 'fusion_pair' AND p.key = 'BCR::ABL1' AND e.relation = 'cites'") ?? 0
        #expect(cites > 100)
    }

    @Test func sourceFoldersAreSearchedRecursivelyByFileName() throws {
        let dir = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("deep/er"), withIntermediateDirectories: true)
        try "x\n".write(to: dir.appendingPathComponent("deep/er/ucscGenePfam.txt"), atomically: true, encoding: .utf8)
        try "x\n".write(to: dir.appendingPathComponent("notes.xlsx"), atomically: true, encoding: .utf8)
        try "x\n".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let (found, unknown) = try KnowledgeBaseBuilder.discover([Fixtures.sharedFile("kb-sources"), dir.path])
        #expect(found.first?.0.name == "HGNC complete set", "HGNC is imported first")
        #expect(found.contains { $0.0.name == "UCSC ucscGenePfam" && $0.1.hasSuffix("deep/er/ucscGenePfam.txt") })
        #expect(found.contains { $0.0.name == "GTEx normal-tissue fusions" })
        #expect(unknown.contains { $0.hasSuffix("notes.xlsx") })
        #expect(unknown.contains { $0.hasSuffix("hg38ToHg19.over.chain.gz") })
        #expect(!unknown.contains { $0.hasSuffix("README.md") })
        #expect(throws: KnowledgeBaseBuildError.self) { _ = try KnowledgeBaseBuilder.discover([dir.appendingPathComponent("missing").path]) }
    }

    @Test func parsingHelpers() {
        #expect(SourceText.csvFields("a,\"Hodgkin's lymphoma, nodular\",c") == ["a", "Hodgkin's lymphoma, nodular", "c"])
        #expect(SourceText.csvFields("x,\"say \"\"hi\"\"\",") == ["x", "say \"hi\"", ""])
        #expect(SourceText.pair("FUS--CREB3L2")! == ("FUS", "CREB3L2"))
        #expect(SourceText.pair("MAPKAPK5->ACAD10")! == ("MAPKAPK5", "ACAD10"))
        #expect(SourceText.pipeFields("| BCR        | ABL1   |") == ["BCR", "ABL1"])
        #expect(DomainSources.pfamAccession("pfam07714") == "PF07714")
        #expect(SymbolResolver.repairSpreadsheetDate("15.Sep") == ["SEPT15", "SEP15"])
        #expect(SymbolResolver.repairSpreadsheetDate("Mar-01") == ["MARCH1"])
        #expect(SymbolResolver.repairSpreadsheetDate("BCR") == [])
    }

    // MARK: - Formats users bring: Arriba GFF3 and UCSC ucscGenePfam

    /// A scratch knowledge base holding only ABL1's transcripts (copied from the full one).
    private func scratchKnowledgeBase(_ dir: URL) throws -> (SQLiteConnection, SymbolResolver, TranscriptModel, ClosedRange<Int>) {
        let full = try Fixtures.knowledgeBase()
        let db = try SQLiteConnection(path: dir.appendingPathComponent("scratch.sqlite").path, readOnly: false)
        for statement in KnowledgeBaseSchema.statements { try db.execute(statement) }
        try db.execute("ATTACH DATABASE '\(full.path)' AS full")
        try db.execute("INSERT INTO gene SELECT * FROM full.gene WHERE symbol = 'ABL1'")
        try db.execute("INSERT INTO gene_alias SELECT * FROM full.gene_alias WHERE gene_id IN (SELECT gene_id FROM gene)")
        try db.execute("INSERT INTO transcript SELECT * FROM full.transcript WHERE gene_symbol = 'ABL1'")
        try db.execute("INSERT INTO transcript_span SELECT * FROM full.transcript_span WHERE id IN (SELECT id FROM transcript)")
        try db.execute("INSERT INTO source(id, name, category, licence) VALUES (1, 'test', 'domains', 'test')")
        // The kinase domain of NM_005157 as the protein-coordinate source places it (aa 242–493) …
        let span = try #require(
            try db.rows(
                "SELECT g.start, g.end FROM full.domain d JOIN full.domain_genomic g ON g.domain_id = d.id WHERE d.accession = 'NM_005157' AND d.label = 'Pkinase_Tyr'"
            ).first)
        try db.execute("DETACH DATABASE full")
        let transcripts = try PostImport.loadTranscripts(db)
        let t = try #require(transcripts.values.first { $0.accession == "NM_005157" })
        return (db, try SymbolResolver(db: db), t, (Int(span[0] ?? "") ?? 0)...(Int(span[1] ?? "") ?? 0))
    }

    /// … cut into the coding exon pieces a genome-coordinate file would list.
    private func exonPieces(_ t: TranscriptModel, _ span: ClosedRange<Int>) -> [ClosedRange<Int>] {
        var pieces: [ClosedRange<Int>] = []
        for i in 0..<t.exonStarts.count {
            let s = max(t.exonStarts[i], span.lowerBound, t.cdsStart!), e = min(t.exonEnds[i], span.upperBound, t.cdsEnd!)
            if e >= s { pieces.append(s...e) }
        }
        return pieces
    }

    @Test func arribaGFF3DomainsAreProjectedOntoTranscripts() throws {
        let dir = try Fixtures.temporaryDirectory()
        let (db, symbols, t, span) = try scratchKnowledgeBase(dir)
        let pieces = exonPieces(t, span)
        #expect(pieces.count >= 5)
        // Arriba database/protein_domains_*.gff3: one line per exonic piece; Name percent-encoded.
        var gff = "##gff-version 3\n"
        for piece in pieces {
            gff += "9\tPfam\tprotein_domain\t\(piece.lowerBound)\t\(piece.upperBound)\t.\t+\t.\tName=Protein%20tyrosine%20kinase;color=#d7301f;gene_id=ENSG00000097007;gene_name=ABL1\n"
        }
        let file = dir.appendingPathComponent("protein_domains_hg38_GRCh38_v2.4.0.gff3").path
        try gff.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(OptionalSources.all.first { $0.matches("protein_domains_hg38_GRCh38_v2.4.0.gff3") }?.name == "Arriba protein domains")
        let rows = try DomainSources.arribaDomains.importer(ImportContext(db: db, file: file, sourceID: 1, symbols: symbols, log: { _ in }))
        #expect(rows == 1, "consecutive pieces of one domain make one domain")
        _ = try PostImport.projectGenomicDomains(db, transcripts: PostImport.loadTranscripts(db))
        let projected = try db.rows("SELECT aa_start, aa_end, label FROM domain WHERE accession = 'NM_005157'")
        #expect(projected.count == 1)
        #expect(projected.first?[0] == "242" && projected.first?[1] == "493")
        #expect(projected.first?[2] == "Protein tyrosine kinase")

        // A line without gene_name names the file and the line.
        let bad = dir.appendingPathComponent("protein_domains_bad.gff3").path
        try "9\tPfam\tprotein_domain\t100\t200\t.\t+\t.\tName=X\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) {
            _ = try DomainSources.arribaDomains.importer(ImportContext(db: db, file: bad, sourceID: 1, symbols: symbols, log: { _ in }))
        }
        do {
            _ = try DomainSources.arribaDomains.importer(ImportContext(db: db, file: bad, sourceID: 1, symbols: symbols, log: { _ in }))
        } catch let error as InputError {
            #expect(error.line == 1 && error.file == bad && error.message.contains("gene_name"))
        }
    }

    @Test func ucscGenePfamDomainsAreProjectedOntoTranscripts() throws {
        let dir = try Fixtures.temporaryDirectory()
        let (db, symbols, t, span) = try scratchKnowledgeBase(dir)
        let pieces = exonPieces(t, span)
        // ucscGenePfam: bin chrom chromStart chromEnd name score strand thickStart thickEnd reserved blockCount blockSizes chromStarts (0-based).
        let chromStart = pieces[0].lowerBound - 1, chromEnd = pieces.last!.upperBound
        let sizes = pieces.map { String($0.count) }.joined(separator: ",") + ","
        let starts = pieces.map { String($0.lowerBound - 1 - chromStart) }.joined(separator: ",") + ","
        let line = "1234\tchr9\t\(chromStart)\t\(chromEnd)\tPkinase_Tyr\t0\t+\t\(chromStart)\t\(chromEnd)\t0\t\(pieces.count)\t\(sizes)\t\(starts)\n"
        let file = dir.appendingPathComponent("ucscGenePfam.txt").path
        try line.write(toFile: file, atomically: true, encoding: .utf8)
        let rows = try DomainSources.ucscGenePfam.importer(ImportContext(db: db, file: file, sourceID: 1, symbols: symbols, log: { _ in }))
        #expect(rows == 1)
        _ = try PostImport.projectGenomicDomains(db, transcripts: PostImport.loadTranscripts(db))
        let projected = try db.rows("SELECT aa_start, aa_end, gene_symbol FROM domain WHERE accession = 'NM_005157' AND label = 'Pkinase_Tyr'")
        #expect(projected.first?[0] == "242" && projected.first?[1] == "493" && projected.first?[2] == "ABL1")

        let bad = dir.appendingPathComponent("ucscGenePfam.bed").path
        try "chr9\t100\t200\tX\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) {
            _ = try DomainSources.ucscGenePfam.importer(ImportContext(db: db, file: bad, sourceID: 1, symbols: symbols, log: { _ in }))
        }
    }
}
