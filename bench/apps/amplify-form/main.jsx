// The bare alternative: React + Amplify JS v6, a username/password form calling
// signIn with USER_PASSWORD_AUTH, and a protected page showing the username.
import '../amplify-config.js';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { getCurrentUser, signIn, signOut } from 'aws-amplify/auth';

function SignInForm({ onSignedIn }) {
  const [error, setError] = useState(null);
  const [pending, setPending] = useState(false);

  async function submit(event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const { isSignedIn, nextStep } = await signIn({
        username: String(data.get('username')).trim(),
        password: String(data.get('password')),
        options: { authFlowType: 'USER_PASSWORD_AUTH' },
      });
      if (isSignedIn) {
        onSignedIn(await getCurrentUser());
      } else {
        setError(`This form does not handle the next step (${nextStep.signInStep}).`);
      }
    } catch (e) {
      setError(e.message);
    } finally {
      setPending(false);
    }
  }

  return (
    <main>
      <h1>Sign in</h1>
      <form onSubmit={submit}>
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <p role="alert">{error}</p>
        <button type="submit" disabled={pending}>{pending ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}

function ProtectedPage({ user, onSignedOut }) {
  return (
    <main>
      <h1>Welcome, {user.username}</h1>
      <button type="button" onClick={() => signOut().then(onSignedOut)}>Sign out</button>
    </main>
  );
}

function App() {
  // undefined: still checking for a stored session; null: signed out.
  const [user, setUser] = useState(undefined);
  useEffect(() => {
    getCurrentUser().then(setUser, () => setUser(null));
  }, []);
  if (user === undefined) return null;
  return user ? (
    <ProtectedPage user={user} onSignedOut={() => setUser(null)} />
  ) : (
    <SignInForm onSignedIn={setUser} />
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
