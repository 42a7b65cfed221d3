export default function App() {
  return (
    <main id="main" className="grid min-h-screen place-items-center px-6 py-24">
      <div className="max-w-xl text-center">
        <p className="text-sm font-semibold tracking-wide text-primary uppercase">Blank page</p>
        <h1 className="mt-3 text-4xl font-bold sm:text-5xl">Your page starts here.</h1>
        <p className="mt-4 text-lg text-muted-foreground">
          Describe what you want in the chat: a hero, features, pricing, a sign-up form. It appears here as it is written.
        </p>
      </div>
    </main>
  );
}
