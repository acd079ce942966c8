// The full alternative: Amplify UI's <Authenticator> (sign-in, sign-up, reset password,
// challenges), signing in with USER_PASSWORD_AUTH (its default is SRP, which the local pool
// does not implement), and a protected page showing the username.
import '../amplify-config.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { signIn } from 'aws-amplify/auth';
import { Authenticator } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';

const services = {
  handleSignIn: (input) =>
    signIn({ ...input, options: { ...input.options, authFlowType: 'USER_PASSWORD_AUTH' } }),
};

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <Authenticator services={services}>
      {({ signOut, user }) => (
        <main>
          <h1>Welcome, {user.username}</h1>
          <button type="button" onClick={signOut}>Sign out</button>
        </main>
      )}
    </Authenticator>
  </StrictMode>,
);
