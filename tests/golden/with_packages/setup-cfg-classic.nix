{ python3, lib }:
python3.withPackages (
  ps:
  [ ps.numpy ps.scipy ps.matplotlib ps.sphinx ps.sphinx-rtd-theme ]
  ++ lib.optionals (lib.versionOlder python3.pythonVersion "3.10") [ ps.typing-extensions ]
)
