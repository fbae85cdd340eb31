import Foundation

/// Gene-level optional sources: HGNC names, gene roles (CancerMine, OncoKB), DGIdb.
enum GeneSources {
    /// HGNC complete set: previous symbols and aliases (added to `gene_alias`), HGNC ids on `gene`.
    static let hgnc = OptionalSource(
        name: "HGNC complete set", category: "hgnc", fileNames: ["hgnc_complete_set.txt.gz", "hgnc_complete_set.txt"],
        version: "2018 snapshot", date: "2018",
        origin: "FusionAnnotator/CTAT_HumanFusionLib @7872b07 : fusion_lib_data/data/hgnc_complete_set.txt.gz (HGNC)", licence: "CC0"
    ) { context in
        let insertAlias = try context.db.prepare("INSERT OR IGNORE INTO gene_alias(alias, gene_id, kind, source_id) VALUES (?,?,?,?)")
        let setHGNC = try context.db.prepare("UPDATE gene SET hgnc_id = ? WHERE gene_id = ? AND hgnc_id IS NULL")
        var known: Set<Int> = []
        let ids = try context.db.prepare("SELECT gene_id, symbol FROM gene")
        var currentSymbol: [Int: String] = [:]
        while try ids.step() {
            known.insert(ids.int(0))
            currentSymbol[ids.int(0)] = ids.text(1)
        }
        var rows = 0, unmatched = 0
        try SourceTable.forEachRow(
            context.file, kind: "an HGNC complete set", required: ["hgnc_id", "symbol", "status", "prev_symbol", "alias_symbol", "entrez_id"], uniqueLines: true
        ) { row in
            func field(_ name: String) -> String { row[name].trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
            guard field("status").isEmpty || field("status") == "Approved" else { return }
            let entrezText = field("entrez_id")
            guard !entrezText.isEmpty else {
                unmatched += 1
                return
            }
            let entrez = try SourceLimits.int(entrezText, 1...Int(Int32.max), what: "entrez_id", expected: "an NCBI Gene id", file: row.file, line: row.line)
            guard known.contains(entrez) else {
                unmatched += 1
                return
            }
            try setHGNC.run([.text(field("hgnc_id")), .int(entrez)])
            var names: [(String, String)] = []
            let symbol = field("symbol")
            if !symbol.isEmpty && symbol != currentSymbol[entrez] { names.append((symbol, "previous")) }
            for prev in field("prev_symbol").split(separator: "|") { names.append((String(prev).trimmingCharacters(in: .whitespaces), "previous")) }
            for alias in field("alias_symbol").split(separator: "|") { names.append((String(alias).trimmingCharacters(in: .whitespaces), "alias")) }
            for (name, kind) in names where !name.isEmpty {
                try insertAlias.run([.text(name), .int(entrez), .text(kind), .int(context.sourceID)])
            }
            rows += 1
        }
        if unmatched > 0 { try context.note("\(unmatched) approved HGNC entries have no NCBI Gene id in the gene table") }
        return rows
    }

    /// CancerMine: literature-mined oncogene / tumour-suppressor / driver roles per cancer, with citation counts.
    static let cancerMine = OptionalSource(
        name: "CancerMine", category: "gene-roles", fileNames: ["cancermine.csv", "cancermine_collated.tsv"],
        version: "ChimerDriver @32633b6 snapshot", date: nil,
        origin: "martalovino/ChimerDriver @32633b6 : cancermine.csv (CancerMine, Lever et al. 2019)", licence: "CC0"
    ) { context in
        let insert = try context.db.prepare(
            "INSERT INTO gene_role(gene_symbol, role, cancer, citations, detail, source_id, source_row) VALUES (?,?,?,?,?,?,?)")
        let entrezSymbol = try geneSymbolsByID(context.db)
        var rows = 0
        var unresolved: Set<String> = []
        // cancermine.csv is comma-separated, cancermine_collated.tsv (CancerMine's own download) tab-separated: the
        // header tells which (csv: nil).
        try SourceTable.forEachRow(
            context.file, kind: "a CancerMine table",
            required: ["role", "cancer_id", "cancer_normalized", "gene_entrez_id", "gene_normalized", "citation_count"], csv: nil, uniqueLines: true
        ) { row in
            let written = row["gene_normalized"]
            let entrez = try row.int("gene_entrez_id", 1...Int(Int32.max), expected: "an NCBI Gene id", optional: true)
            let symbol = entrez.flatMap { entrezSymbol[$0] } ?? context.symbols.resolve(written)
            if symbol == nil { unresolved.insert(written) }
            let role: String
            switch row["role"].lowercased() {
            case "oncogene": role = "oncogene"
            case "tumor_suppressor", "tumour_suppressor": role = "tumour_suppressor"
            case "driver": role = "driver"
            default: role = row["role"].lowercased()
            }
            let citations = try row.int("citation_count", SourceLimits.count, expected: "a number of citations", optional: true)
            try insert.run([
                .text(symbol ?? written), .text(role), .text(row["cancer_normalized"]), citations.map { .int($0) } ?? .null,
                .text(row["cancer_id"]), .int(context.sourceID), .int(row.line),
            ])
            rows += 1
        }
        try context.noteUnresolved(unresolved)
        return rows
    }

    /// OncoKB cancer gene list: oncogene / TSG type and the canonical GRCh38 RefSeq transcript.
    static let oncoKB = OptionalSource(
        name: "OncoKB cancer gene list", category: "gene-roles", fileNames: ["oncokb_cancer_genes_list.txt", "cancerGeneList.tsv"],
        version: "genome-nexus-importer @7586dbe (COSMIC CGC v99 column)", date: nil,
        origin: "genome-nexus/genome-nexus-importer @7586dbe : data/common_input/oncokb_cancer_genes_list.txt (OncoKB)",
        licence: "OncoKB terms of use (academic research)"
    ) { context in
        let insertRole = try context.db.prepare(
            "INSERT INTO gene_role(gene_symbol, role, cancer, citations, detail, source_id, source_row) VALUES (?,?,NULL,NULL,?,?,?)")
        let insertCanonical = try context.db.prepare("INSERT OR REPLACE INTO canonical_transcript(gene_symbol, accession, source_id) VALUES (?,?,?)")
        let entrezSymbol = try geneSymbolsByID(context.db)
        var rows = 0
        var unresolved: Set<String> = []
        let occurrences = "# of occurrence within resources (Column J-P)"
        try SourceTable.forEachRow(
            context.file, kind: "an OncoKB cancer gene list",
            required: ["Hugo Symbol", "Entrez Gene ID", "GRCh38 RefSeq", "Gene Type", occurrences, "COSMIC CGC (v99)"], uniqueLines: true
        ) { row in
            let number = row.line
            func field(_ name: String) -> String { row[name].trimmingCharacters(in: .whitespaces) }
            let written = field("Hugo Symbol")
            guard !written.isEmpty else { return }
            let entrez = try row.int("Entrez Gene ID", 1...Int(Int32.max), expected: "an NCBI Gene id", optional: true)
            let symbol = entrez.flatMap { entrezSymbol[$0] } ?? context.symbols.resolve(written)
            if symbol == nil { unresolved.insert(written) }
            let gene = symbol ?? written
            let type = field("Gene Type")
            let roles: [String]
            switch type {
            case "ONCOGENE": roles = ["oncogene"]
            case "TSG": roles = ["tumour_suppressor"]
            case "ONCOGENE_AND_TSG": roles = ["oncogene", "tumour_suppressor"]
            default: roles = ["cancer_gene"]
            }
            let detail = "OncoKB gene type \(type.isEmpty ? "not given" : type); COSMIC CGC (v99): \(field("COSMIC CGC (v99)")); in \(field(occurrences)) of 7 resources"
            for role in roles { try insertRole.run([.text(gene), .text(role), .text(detail), .int(context.sourceID), .int(number)]) }
            let refseq = field("GRCh38 RefSeq")
            if refseq.hasPrefix("N") {
                let accession = refseq.split(separator: ".").first.map(String.init) ?? refseq
                try insertCanonical.run([.text(gene), .text(accession), .int(context.sourceID)])
            }
            rows += 1
        }
        try context.noteUnresolved(unresolved)
        return rows
    }

    /// DGIdb drug–gene interactions (maftools' export) with PubMed ids.
    static let dgidbInteractions = OptionalSource(
        name: "DGIdb interactions", category: "drugs", fileNames: ["dgidb_interactions.tsv.gz", "dgidb_interactions.tsv", "interactions.tsv"],
        version: "maftools @c8ff328 export", date: nil,
        origin: "PoisonAlien/maftools @c8ff328 : inst/extdata/drugs.tsv.gz (DGIdb)", licence: "MIT (maftools); DGIdb sources vary"
    ) { context in
        let insert = try context.db.prepare(
            "INSERT INTO drug_interaction(gene_symbol, drug, interaction, sources, pmids, source_id, source_row) VALUES (?,?,?,?,?,?,?)")
        var rows = 0, withoutGene = 0, withoutDrug = 0
        var unresolved: Set<String> = []
        // maftools' export of DGIdb (DGIdb's own interactions.tsv names its columns differently and is refused by name).
        try SourceTable.forEachRow(
            context.file, kind: "a DGIdb interaction table (maftools export)",
            required: ["Gene", "interaction_claim_source", "interaction_types", "drug_claim_name", "drug_claim_primary_name", "drug_name", "PMIDs"]
        ) { row in
            let gene = row["Gene"]
            guard !gene.isEmpty else {
                withoutGene += 1
                return
            }
            // A claim without a drug names it "N/A" (CKB, Clearity Foundation trials): no drug, so no interaction.
            guard let drug = ["drug_name", "drug_claim_primary_name", "drug_claim_name"].lazy.compactMap(row.value).first else {
                withoutDrug += 1
                return
            }
            let symbol = context.symbols.resolve(gene)
            if symbol == nil { unresolved.insert(gene) }
            // Some claim sources put years and page numbers in the PMID column (e.g. "17", "2015", "8007") and one
            // a nine-digit typo (238900088): keep only values of six to eight digits, the shape of the PubMed IDs
            // those claims cite.
            let pmids = SourceText.integers(row["PMIDs"]).filter { (100_000...99_999_999).contains($0) }
            try insert.run([
                .text(symbol ?? gene), .text(drug), row["interaction_types"].isEmpty ? .null : .text(row["interaction_types"]), .text(row["interaction_claim_source"]),
                pmids.isEmpty ? .null : .text(pmids.map(String.init).joined(separator: ",")), .int(context.sourceID), .int(row.line),
            ])
            rows += 1
        }
        var skipped: [String] = []
        if withoutGene > 0 { skipped.append("\(withoutGene) rows without a gene name skipped (drug claims DGIdb did not map to a gene)") }
        if withoutDrug > 0 { skipped.append("\(withoutDrug) rows without a drug name skipped") }
        try context.noteUnresolved(unresolved, extra: skipped.isEmpty ? nil : skipped.joined(separator: "; "))
        return rows
    }

    /// DGIdb gene categories (KINASE, TUMOR SUPPRESSOR, TRANSCRIPTION FACTOR BINDING …).
    static let dgidbCategories = OptionalSource(
        name: "DGIdb gene categories", category: "drugs", fileNames: ["dgidb_categories.tsv.gz", "dgidb_categories.tsv", "categories.tsv"],
        version: "maftools @c8ff328 export", date: nil,
        origin: "PoisonAlien/maftools @c8ff328 : inst/extdata/categories.tsv.gz (DGIdb)", licence: "MIT (maftools); DGIdb sources vary"
    ) { context in
        let insert = try context.db.prepare("INSERT INTO gene_category(gene_symbol, category, source_id, source_row) VALUES (?,?,?,?)")
        var rows = 0
        var seen: Set<String> = []
        var unresolved: Set<String> = []
        try SourceTable.forEachRow(context.file, kind: "a DGIdb gene-category table (maftools export)", required: ["Gene", "category"]) { row in
            let written = row["Gene"], category = row["category"]
            guard !written.isEmpty, !category.isEmpty else { return }
            let symbol = context.symbols.resolve(written)
            if symbol == nil { unresolved.insert(written) }
            let gene = symbol ?? written
            guard seen.insert(gene + "\t" + category).inserted else { return }
            try insert.run([.text(gene), .text(category), .int(context.sourceID), .int(row.line)])
            rows += 1
        }
        try context.noteUnresolved(unresolved)
        return rows
    }

    /// NCBI Gene id → current symbol.
    static func geneSymbolsByID(_ db: SQLiteConnection) throws -> [Int: String] {
        var map: [Int: String] = [:]
        let statement = try db.prepare("SELECT gene_id, symbol FROM gene")
        while try statement.step() { map[statement.int(0)] = statement.text(1) }
        return map
    }
}
