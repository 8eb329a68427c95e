{
  lib,
  buildPythonPackage,
  pythonOlder,
  setuptools,
  wheel,
  cython,
  setuptools-scm,
  numpy,
  scipy,
  typing-extensions,
  matplotlib,
  sphinx,
  sphinx-rtd-theme,
}:
buildPythonPackage {
  pname = "anchor-chain";
  version = "1.8.2";
  pyproject = true;
  disabled = pythonOlder "3.8";
  src = lib.cleanSource ./.;
  build-system = [ setuptools wheel cython setuptools-scm ];
  dependencies = [ numpy scipy ] ++ lib.optionals (pythonOlder "3.10") [ typing-extensions ];
  optional-dependencies = {
    plots = [ matplotlib ];
    docs = [ sphinx sphinx-rtd-theme ];
  };
  pythonImportsCheck = [ "anchor_chain" ];
  meta = {
    description = "Mooring load calculations";
    homepage = "https://example.org/anchor-chain";
    license = lib.licenses.mit;
    mainProgram = "anchor-chain";
  };
}
