"""Enterprise sources: Chinese and UK registers, their changes, penalties, abnormal lists and verdicts."""

# source kind -> module of this package exposing SOURCE, in ingest order
KINDS: dict[str, str] = {
    "cn-registry": "cn_registry",
    "cn-registry-changes": "cn_registry_changes",
    "cn-penalties": "cn_penalties",
    "cn-abnormal-list": "cn_abnormal_list",
    "uk-companies": "uk_companies",
    "uk-psc": "uk_psc",
    "enterprise-verdicts": "verdicts",
}
