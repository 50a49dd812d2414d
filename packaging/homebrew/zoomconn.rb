# Homebrew formula of the zoomconn command line for macOS, for a tap or for
# brew install --formula ./zoomconn.rb
# Template: scripts/package.sh fills in each @…@ (the tarballs' sha256 among them) and writes it to dist/homebrew/.
class Zoomconn < Formula
  desc "Migrate Zoom API connections from JWT to OAuth 2.0 and keep them working"
  homepage "@WEBSITE@"
  version "@VERSION@"

  on_macos do
    on_arm do
      url "@RELEASE_URL@/zoomconn-@VERSION@-darwin-arm64.tar.gz"
      sha256 "@SHA256_ARM64@"
    end
    on_intel do
      url "@RELEASE_URL@/zoomconn-@VERSION@-darwin-amd64.tar.gz"
      sha256 "@SHA256_AMD64@"
    end
  end

  def install
    bin.install "zoomconn"
  end

  test do
    assert_match "zoomconn #{version}", shell_output("#{bin}/zoomconn --version")
  end
end
