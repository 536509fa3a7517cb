"""Name and format checks.

Mirrors kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/
validation_test.go (TestIsDNS1123Label, TestIsDNS1123Subdomain, TestIsDNS1035Label,
TestIsValidPortName, TestIsValidLabelValue, TestIsQualifiedName, TestIsWildcardDNS1123Subdomain)
and validation.go (RegexError, MaxLenError).
"""

from __future__ import annotations

import pytest

from k8slab.api.validation import names

DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
DNS1035_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
    "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)


@pytest.mark.parametrize(
    "value", ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "a" * 63]
)
def test_dns1123_label_accepts_upstream_good_values(value):
    """TestIsDNS1123Label goodValues."""
    assert names.is_dns1123_label(value) == []


@pytest.mark.parametrize(
    "value", ["", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "_", "a_", "a@b", "a,b"]
)
def test_dns1123_label_rejects_upstream_bad_values_with_regex_error(value):
    """TestIsDNS1123Label badValues: the RegexError has two spaces before 'or'."""
    assert names.is_dns1123_label(value) == [DNS1123_LABEL_MSG]


def test_dns1123_label_says_no_dots_for_a_valid_subdomain():
    """IsDNS1123Label: 'a.b' is a subdomain, so only the dots are reported (since 1.27)."""
    assert names.is_dns1123_label("my.ns") == ["must not contain dots"]


def test_dns1123_label_too_long_reports_length():
    """TestIsDNS1123Label: 64 characters -> MaxLenError."""
    assert names.is_dns1123_label("a" * 64) == ["must be no more than 63 characters"]


@pytest.mark.parametrize("value", ["1", "123-abc", "my_name", "My-Name", "a-"])
def test_dns1035_label_rejects_leading_digit_upper_case_and_underscore(value):
    """TestIsDNS1035Label badValues (Service names)."""
    assert names.is_dns1035_label(value) == [DNS1035_MSG]


def test_dns1123_subdomain_single_example_has_no_or():
    """RegexError with one example: '(e.g. 'example.com', regex used ...)'."""
    assert names.is_dns1123_subdomain("Nginx.My.Com") == [SUBDOMAIN_MSG]
    assert names.is_dns1123_subdomain("nginx.my.com") == []


@pytest.mark.parametrize(
    ("value", "msgs"),
    [
        ("http", []),
        ("a", []),
        ("a-b", []),
        ("abcdefghijklmno", []),
        ("80", ["must contain at least one letter (a-z)"]),
        ("Http", ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]),
        ("a--b", ["must not contain consecutive hyphens"]),
        ("-http", ["must not begin or end with a hyphen"]),
        ("abcdefghijklmnop", ["must be no more than 15 characters"]),
        (
            "",
            [
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must contain at least one letter (a-z)",
            ],
        ),
    ],
)
def test_port_name_is_an_iana_service_name(value, msgs):
    """TestIsValidPortName good and bad values."""
    assert names.is_valid_port_name(value) == msgs


def test_port_number_range_message():
    """IsValidPortNum -> InclusiveRangeError(1, 65535)."""
    assert names.is_valid_port_num(0) == ["must be between 1 and 65535, inclusive"]
    assert names.is_valid_port_num(65536) == ["must be between 1 and 65535, inclusive"]
    assert names.is_valid_port_num(65535) == []


def test_label_value_allows_empty_and_rejects_trailing_dash():
    """TestIsValidLabelValue."""
    assert names.is_valid_label_value("") == []
    assert names.is_valid_label_value("my_value-1.2") == []
    assert names.is_valid_label_value("nginx-") == [
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
        "or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
        "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?"
        "[A-Za-z0-9])?')"
    ]


def test_qualified_name_reports_prefix_and_name_parts():
    """TestIsQualifiedName: prefix must be a subdomain; name part non-empty."""
    assert names.is_qualified_name("example.com/app") == []
    assert names.is_qualified_name("app/") == [
        "name part must be non-empty",
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
        "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
        "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]
    assert names.is_qualified_name("/app") == ["prefix part must be non-empty"]


def test_wildcard_subdomain_requires_star_dot_prefix():
    """TestIsWildcardDNS1123Subdomain: '*.bar.com' ok; '*', 'foo.*.com' rejected."""
    assert names.is_wildcard_dns1123_subdomain("*.bar.com") == []
    for bad in ("*", "foo.*.com", "*.*.bar.com", "*bar.com"):
        assert len(names.is_wildcard_dns1123_subdomain(bad)) == 1
