# TEST STAND-IN for nixpkgs' Python package set -- NOT nixpkgs.
#
# The base layer of `python.pkgs` (a function of the final set, for
# `lib.fix`/`lib.extends`): the builders and helpers nixpkgs puts in every
# Python package set, and a handful of real packages under their nixpkgs
# attribute names with realistic versions, dependencies and licenses, so that
# generated files have something to map to. Every package is made with
# `makeOverridable` over its dependencies (`requests.override { urllib3 = ...; }`)
# and looks its dependencies up in the final set, so overlays reach dependents.
{
  lib,
  pkgs,
  python,
  buildPythonPackage,
  buildPythonApplication,
  mkPythonEditablePackage,
}:
final:
let
  inherit (lib.licenses)
    asl20
    bsd2
    bsd3
    mit
    mpl20
    psfl
    zpl21
    ;

  package =
    {
      pname,
      version,
      license,
      build-system ? [ "setuptools" ],
      dependencies ? [ ],
      optional-dependencies ? { },
      pypiName ? pname,
      module ? builtins.replaceStrings [ "-" ] [ "_" ] pname,
      mainProgram ? null,
      patches ? [ ],
    }:
    let
      names =
        build-system ++ dependencies ++ builtins.concatLists (builtins.attrValues optional-dependencies);
      pick = inputs: map (name: inputs.${name});
      build =
        inputs:
        buildPythonPackage {
          inherit pname version;
          pyproject = true;
          src = final.fetchPypi {
            pname = pypiName;
            inherit version;
            hash = lib.fakeHash;
          };
          build-system = pick inputs build-system;
          dependencies = pick inputs dependencies;
          optional-dependencies = builtins.mapAttrs (extra: pick inputs) optional-dependencies;
          inherit patches;
          pythonImportsCheck = [ module ];
          meta = {
            homepage = "https://pypi.org/project/${pypiName}/";
            inherit license;
          } // lib.optionalAttrs (mainProgram != null) { inherit mainProgram; };
        };
    in
    lib.makeOverridable build (lib.genAttrs names (name: final.${name}));

  hook = pname: propagated: {
    inherit pname;
    version = "0";
    name = "${pname}-0";
    propagatedBuildInputs = propagated;
  };
in
{
  inherit
    python
    buildPythonPackage
    buildPythonApplication
    mkPythonEditablePackage
    ;
  inherit (python) pythonOlder pythonAtLeast isPy3k;
  callPackage = lib.callPackageWith (pkgs // final);
  inherit (pkgs) fetchPypi;
  toPythonModule = drv: drv;
  toPythonApplication = drv: drv;

  pytestCheckHook = hook "pytest-check-hook" [ final.pytest ];
  pythonImportsCheckHook = hook "python-imports-check-hook" [ ];
  venvShellHook = hook "venv-shell-hook" [ ];

  # Build backends.
  setuptools = package {
    pname = "setuptools";
    version = "75.1.0";
    license = mit;
    build-system = [ ];
  };
  wheel = package {
    pname = "wheel";
    version = "0.44.0";
    license = mit;
    build-system = [ "flit-core" ];
  };
  flit-core = package {
    pname = "flit-core";
    version = "3.9.0";
    pypiName = "flit_core";
    license = bsd3;
    build-system = [ ];
  };
  hatchling = package {
    pname = "hatchling";
    version = "1.25.0";
    license = mit;
    build-system = [ ];
    dependencies = [
      "packaging"
      "pathspec"
      "pluggy"
      "trove-classifiers"
    ];
  };
  hatch-vcs = package {
    pname = "hatch-vcs";
    version = "0.4.0";
    pypiName = "hatch_vcs";
    license = mit;
    build-system = [ "hatchling" ];
    dependencies = [
      "hatchling"
      "setuptools-scm"
    ];
  };
  setuptools-scm = package {
    pname = "setuptools-scm";
    version = "8.1.0";
    pypiName = "setuptools_scm";
    license = mit;
    dependencies = [
      "packaging"
      "setuptools"
    ];
  };
  packaging = package {
    pname = "packaging";
    version = "24.1";
    license = [
      asl20
      bsd2
    ];
    build-system = [ "flit-core" ];
  };
  pathspec = package {
    pname = "pathspec";
    version = "0.12.1";
    license = mpl20;
    build-system = [ "flit-core" ];
  };
  pluggy = package {
    pname = "pluggy";
    version = "1.5.0";
    license = mit;
    build-system = [
      "setuptools"
      "setuptools-scm"
    ];
  };
  trove-classifiers = package {
    pname = "trove-classifiers";
    version = "2024.7.2";
    pypiName = "trove_classifiers";
    license = asl20;
  };

  # requests and its dependencies.
  requests = package {
    pname = "requests";
    version = "2.32.3";
    license = asl20;
    dependencies = [
      "certifi"
      "charset-normalizer"
      "idna"
      "urllib3"
    ];
    optional-dependencies.socks = [ "pysocks" ];
  };
  urllib3 = package {
    pname = "urllib3";
    version = "2.2.2";
    license = mit;
    build-system = [ "hatchling" ];
    # A patch made for this version (a stand-in: only its name matters).
    patches = [ "urllib3-2.2.2-stand-in.patch" ];
  };
  idna = package {
    pname = "idna";
    version = "3.8";
    license = bsd3;
    build-system = [ "flit-core" ];
  };
  certifi = package {
    pname = "certifi";
    version = "2024.8.30";
    license = mpl20;
  };
  charset-normalizer = package {
    pname = "charset-normalizer";
    version = "3.3.2";
    pypiName = "charset_normalizer";
    license = mit;
    mainProgram = "normalizer";
  };
  pysocks = package {
    pname = "pysocks";
    version = "1.7.1";
    pypiName = "PySocks";
    module = "socks";
    license = bsd3;
  };

  # Test tools and a few common libraries.
  pytest = package {
    pname = "pytest";
    version = "8.3.2";
    license = mit;
    build-system = [
      "setuptools"
      "setuptools-scm"
    ];
    dependencies = [
      "iniconfig"
      "packaging"
      "pluggy"
    ];
    mainProgram = "pytest";
  };
  iniconfig = package {
    pname = "iniconfig";
    version = "2.0.0";
    license = mit;
    build-system = [
      "hatchling"
      "hatch-vcs"
    ];
  };
  typing-extensions = package {
    pname = "typing-extensions";
    version = "4.12.2";
    pypiName = "typing_extensions";
    license = psfl;
    build-system = [ "flit-core" ];
  };
  tomli = package {
    pname = "tomli";
    version = "2.0.1";
    license = mit;
    build-system = [ "flit-core" ];
  };
  exceptiongroup = package {
    pname = "exceptiongroup";
    version = "1.2.2";
    license = mit;
    build-system = [ "flit-core" ];
  };
  click = package {
    pname = "click";
    version = "8.1.7";
    license = bsd3;
    build-system = [ "flit-core" ];
  };
  colorama = package {
    pname = "colorama";
    version = "0.4.6";
    license = bsd3;
    build-system = [ "hatchling" ];
  };
  uvloop = package {
    pname = "uvloop";
    version = "0.20.0";
    license = [
      asl20
      mit
    ];
  };
  zope-interface = package {
    pname = "zope-interface";
    version = "7.0.3";
    pypiName = "zope.interface";
    module = "zope.interface";
    license = zpl21;
    dependencies = [ "setuptools" ];
  };
}
