import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';

const USER_NAME = /^[^\s?\\/[\]]{1,100}$/;

export class CreateUserRequest {
  @ApiProperty({ example: 'operator1', description: 'no spaces and none of ? \\ / [ ]' })
  @Matches(USER_NAME, { message: 'userName must be 1-100 characters without spaces or ? \\ / [ ]' })
  userName!: string;

  @ApiProperty({ example: 'Control room operator' })
  @IsString()
  @Length(1, 200)
  displayName!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 255)
  password!: string;

  @ApiProperty({ example: ['role-operator'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  roleIds!: string[];
}

export class ResetPasswordRequest {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 255)
  password!: string;
}

export class SetRolesRequest {
  @ApiProperty({ example: ['role-viewer'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  roleIds!: string[];
}

export class UserView {
  @ApiProperty() userId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() roleIds!: string[];
  @ApiProperty() isOwner!: boolean;
  @ApiProperty({ enum: ['enabled', 'disabled', 'lockedOut'] }) status!: 'enabled' | 'disabled' | 'lockedOut';
  @ApiProperty() mustChangePassword!: boolean;
  @ApiProperty() createdAt!: string;
}
