"""juesuan: audit tool for 部门决算/单位决算 disclosures."""
