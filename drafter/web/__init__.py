"""The local web app behind `drafter serve`: a thin layer over the library (notes, draft_file,
rewrite_section, check_text, the .docx writers) — pages, uploads, sessions and a draft queue, no
drafting, checking or export logic of its own. Imported only by `drafter serve`."""
