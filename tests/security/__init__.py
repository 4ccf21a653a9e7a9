"""Bad-input suite: QUALITY.md rows I1–I16 across the whole platform. `urlconf.py` reads every
route from the URLconf for the suites that walk them all.

Inventory (row → tests that already covered it before this package → what this package adds):

I1 XSS in Markdown/HTML
    tests/participation/test_markdown.py (XSS_VECTORS, hypothesis over a small alphabet);
    register pages and feed (engagement/test_register_security.py), API (engagement/test_api.py
    test_api_serves_hostile_text_as_json_data), forum/meetings/unconference/directory pages and
    forum emails (community/test_*_views.py, test_directory.py), guidance pages, feeds and
    publication PDFs (guidance/test_public_pages.py, test_publications_public.py,
    test_publication_pdf.py).
    Adds: test_markdown_fuzz.py (any Unicode text and HTML-ish fragments, inert), test_exports.py
    (every free-text field of every exported model, CSV and JSON), test_email_headers.py (hostile
    values in every email of every app, HTML part escaped), test_pdf_input.py (the corpus through
    the project evidence PDF, read back with pypdf).
I2 pathological Markdown
    test_markdown.py test_pathological_markdown_renders_quickly / _over_the_size_limit_.
    Adds: test_markdown_fuzz.py (deep nesting of every block kind, input past the size limit is cut).
I3 PDF fetches     test_pdf.py test_fetcher_refuses_* / test_hostile_html_renders_with_zero_outside_fetches.
    Adds: test_pdf_input.py (url() in inline style, <object>/<embed>/<iframe>/<svg image>, <meta>
    refresh, @font-face, cloud metadata address, protocol-relative images).
I4 PDF denial of service   nothing. Adds: test_pdf_input.py (colspan/rowspan=65534 and sizing styles
    never survive the sanitiser, so user text cannot reach them; huge sizes finish). A raw
    colspan=65534 cell takes WeasyPrint about 20 s: only our own templates could emit one.
I5 hostile uploads
    engagement/test_staff_uploads.py (detect_type vectors, zip bomb, names, attachment + nosniff);
    designlabs/test_materials.py (generated name, web page code refused).
    Adds: test_uploads.py (the same hostile corpus through the Design Lab material form and the
    evidence form, names with ../ CRLF RTL, pixel flood, served as attachment).
I6 cross-organisation access   tests/participation/test_permissions.py and the per-app matrices
    (URLconf enumerated). Nothing added here.
I7 extra POST fields
    engagement/test_staff_views.py test_project_create_ignores_mass_assigned_fields,
    test_group_edit_ignores_a_posted_activity; designlabs/test_manage.py
    test_lab_edit_ignores_extra_fields; test_workspace_views.py test_capture_ignores_forged_fields;
    guidance/test_manage_views.py test_extra_post_fields_are_ignored.
    Adds: test_forms.py (account profile, directory profile, new forum topic).
I8 CSV formula prefixes   engagement/test_opendata.py test_csv_cells_that_start_like_formulas_are_escaped.
    Adds: test_markdown_fuzz.py (fuzz of csv_safe + the csv writer: round trip, never raises);
    test_exports.py (every CSV dataset, every text column).
I9 header injection
    test_email.py test_subject_with_newlines_is_collapsed_to_one_line; community
    test_reminders.py / test_forum_services.py (display names, titles).
    Adds: test_email_headers.py (every *_subject.txt template of every app through the outbox).
I10 parallel votes/RSVPs   community/test_voting_concurrency.py, test_meetings_concurrency.py,
    designlabs/test_dots_concurrency.py. Nothing added here.
I11 login brute force   nothing. Adds: test_login_rate_limit.py (rotating X-Forwarded-For, admin login).
I12 NUL, surrogates, 10k fields
    engagement/test_staff_views.py test_nul_bytes_and_long_text_are_form_errors; test_register.py
    test_register_search_with_nul_byte_is_a_form_error; community/test_directory.py
    test_null_characters_are_refused; guidance/test_public_pages.py
    test_list_search_rejects_nul_bytes_and_overlong_text.
    Adds: test_forms.py (hypothesis over profile and forum forms), test_query_params.py (every
    GET route of the URLconf with NUL/surrogate/10k query values).
I13 odd page numbers   per-list tests (test_register.py, test_staff_views.py, designlabs/test_public.py,
    guidance/test_manage_views.py, test_views.py test_audit_log_handles_odd_page_numbers...).
    Adds: test_query_params.py (every parameterless GET route of the URLconf × odd pages).
I14 open redirects   guidance/test_subscriptions.py test_subscribe_redirects_only_to_our_own_pages;
    designlabs test_dot_refuses_off_site_next.
    Adds: test_redirects.py (sign-in, sign-out and the next_url helper, every hostile form).
I15 search syntax   test_register.py test_register_search_any_syntax_is_safe; guidance
    test_list_search_syntax_never_fails; forum test_search_survives_odd_input; directory
    test_search_text_is_harmless.
    Adds: test_query_params.py (hypothesis over tsquery syntax on every search box).
I16 GET state change, CSRF   designlabs test_attendance_mark_by_get_is_refused,
    test_dot_by_get_is_refused; guidance test_manage_views.py (405 on review routes,
    test_a_post_without_a_csrf_token_is_refused); forum test_the_preview_needs_a_csrf_token.
    Adds: test_methods_and_csrf.py (every route of the URLconf: its methods are declared, POST-only
    routes answer GET with 405 and change nothing; htmx POSTs without a token are 403).
"""
