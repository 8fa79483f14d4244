import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class LoginRequest {
  @ApiProperty({ example: 'owner' })
  @IsString()
  @Length(1, 100)
  userName!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 255)
  password!: string;
}

export class RefreshRequest {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'refreshToken is not a refresh token' })
  refreshToken!: string;
}

export class ChangeOwnPasswordRequest {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 255)
  currentPassword!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 255)
  newPassword!: string;
}

export class TokenResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ description: 'seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ description: 'the user must change the password before anything else' })
  mustChangePassword!: boolean;
}
