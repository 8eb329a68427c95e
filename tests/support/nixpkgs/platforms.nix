# TEST STAND-IN for nixpkgs' elaborated platforms (`stdenv.hostPlatform`) -- NOT nixpkgs.
#
# The four systems pynix targets, with the attributes generated Nix reads to
# decide PEP 508 markers: the `is*` predicates, `parsed.cpu`/`parsed.kernel`
# and `uname`. Names follow nixpkgs' lib/systems.
let
  platform =
    {
      system,
      cpu,
      kernel,
      config,
      processor,
    }:
    let
      isLinux = kernel == "linux";
      isDarwin = kernel == "darwin";
    in
    {
      inherit system config isLinux isDarwin;
      isWindows = false;
      isUnix = true;
      isMusl = false;
      isStatic = false;
      isx86_64 = cpu == "x86_64";
      isx86 = cpu == "x86_64";
      isAarch64 = cpu == "aarch64";
      isAarch = cpu == "aarch64";
      is64bit = true;
      libc = if isLinux then "glibc" else "libSystem";
      parsed = {
        cpu = {
          name = cpu;
          bits = 64;
          family = if cpu == "x86_64" then "x86" else "arm";
        };
        kernel.name = kernel;
        abi.name = if isLinux then "gnu" else "unknown";
      };
      # What `uname -s` and `uname -m` say on the platform (`arm64` on Apple silicon).
      uname = {
        system = if isLinux then "Linux" else "Darwin";
        inherit processor;
      };
    };
in
{
  x86_64-linux = platform {
    system = "x86_64-linux";
    cpu = "x86_64";
    kernel = "linux";
    config = "x86_64-unknown-linux-gnu";
    processor = "x86_64";
  };
  aarch64-linux = platform {
    system = "aarch64-linux";
    cpu = "aarch64";
    kernel = "linux";
    config = "aarch64-unknown-linux-gnu";
    processor = "aarch64";
  };
  x86_64-darwin = platform {
    system = "x86_64-darwin";
    cpu = "x86_64";
    kernel = "darwin";
    config = "x86_64-apple-darwin";
    processor = "x86_64";
  };
  aarch64-darwin = platform {
    system = "aarch64-darwin";
    cpu = "aarch64";
    kernel = "darwin";
    config = "arm64-apple-darwin";
    processor = "arm64";
  };
}
