{#
    One spelling per customer name (the source documents warn of "Ltd." vs
    "Limited"): trim, collapse runs of spaces, and write the legal suffix in
    its short form (Limited -> Ltd., Incorporated -> Inc., Corporation ->
    Corp., Company -> Co., L.L.C. -> LLC, and the dot-less Ltd/Inc/Corp/Co).
#}
{% macro canonical_company_name(expression) -%}
    {%- set suffixes = [
        (' (Limited|LIMITED|limited|Ltd|LTD|ltd)[.]?$', ' Ltd.'),
        (' (Incorporated|INCORPORATED|incorporated|Inc|INC|inc)[.]?$', ' Inc.'),
        (' (Corporation|CORPORATION|corporation|Corp|CORP|corp)[.]?$', ' Corp.'),
        (' (Company|COMPANY|company|Co|CO|co)[.]?$', ' Co.'),
        (' (L[.]L[.]C[.]?|llc|Llc)$', ' LLC'),
    ] -%}
    {%- set ns = namespace(sql=regex_replace_all('trim(' ~ expression ~ ')', ' +', ' ')) -%}
    {%- for pattern, replacement in suffixes -%}
        {%- set ns.sql = regex_replace_all(ns.sql, pattern, replacement) -%}
    {%- endfor -%}
    {{ ns.sql }}
{%- endmacro %}
