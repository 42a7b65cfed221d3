export default function Hero() {
  return (
    <section className="hero" aria-labelledby="hero-title">
      <div className="container hero__inner">
        <p className="eyebrow">Product analytics, without the analyst queue</p>
        <h1 id="hero-title">Every answer about your product, in plain language.</h1>
        <p className="hero__lead">
          Lumen connects to the tools you already use and turns raw events into clear, shareable insights, so
          the whole team decides with the same numbers.
        </p>
        <div className="hero__actions" id="get-started">
          <a className="button" href="#pricing">
            Start your free trial
          </a>
          <a className="button button--ghost" href="#features">
            See how it works
          </a>
        </div>
        <p className="hero__note">Free for 14 days · No credit card · Set up in five minutes</p>
      </div>
    </section>
  );
}
