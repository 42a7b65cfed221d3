export default function Footer() {
  return (
    <footer className="footer" id="contact">
      <div className="container footer__inner">
        <p className="footer__brand">Lumen</p>
        <nav aria-label="Footer">
          <ul className="footer__links">
            <li>
              <a href="#features">Features</a>
            </li>
            <li>
              <a href="#pricing">Pricing</a>
            </li>
            <li>
              <a href="mailto:hello@lumen.example">hello@lumen.example</a>
            </li>
          </ul>
        </nav>
        <p className="footer__legal">© {new Date().getFullYear()} Lumen Analytics. All rights reserved.</p>
      </div>
    </footer>
  );
}
